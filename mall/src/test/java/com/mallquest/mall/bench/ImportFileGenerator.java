package com.mallquest.mall.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an NDJSON file of shoppers for the bulk import benchmark
 * (docs/benchmarks-parts/import.md): ids {@code bench-0000000}, {@code bench-0000001}, ..., with
 * names, languages and time zones that vary. Not a test; run it with
 *
 * <pre>{@code
 * ./mvnw -B -q -pl mall test-compile
 * java -cp mall/target/test-classes com.mallquest.mall.bench.ImportFileGenerator /tmp/shoppers-1m.ndjson 1000000
 * }</pre>
 */
public final class ImportFileGenerator {

  private static final List<String> LANGUAGES =
      List.of("en", "es", "pt-BR", "de", "fr", "ja", "en-GB");
  private static final List<String> ZONES =
      List.of(
          "UTC",
          "Europe/Madrid",
          "America/Sao_Paulo",
          "Asia/Tokyo",
          "Europe/Berlin",
          "America/New_York",
          "Australia/Sydney");

  private ImportFileGenerator() {}

  /**
   * Writes the file.
   *
   * @param args the output path and the number of shoppers
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ImportFileGenerator <output.ndjson> <shoppers>");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    long count = Long.parseLong(args[1]);
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (long i = 0; i < count; i++) {
        w.write(
            String.format(
                "{\"id\":\"bench-%07d\",\"displayName\":\"Shopper %d\",\"language\":\"%s\","
                    + "\"timeZone\":\"%s\"}%n",
                i,
                i,
                LANGUAGES.get((int) (i % LANGUAGES.size())),
                ZONES.get((int) (i % ZONES.size()))));
      }
    }
    System.out.printf("wrote %d shoppers to %s (%d bytes)%n", count, out, Files.size(out));
  }
}
