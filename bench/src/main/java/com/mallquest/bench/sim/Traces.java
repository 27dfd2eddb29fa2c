package com.mallquest.bench.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The public cache traces (a directory given by {@link #locate()}; see its README), by the names
 * the README's table uses. Files are read as streams (gzip, then the record format); the keys end
 * up in one array because OPT needs the whole future.
 */
public final class Traces {

  /**
   * One trace: its name and the files concatenated to make it.
   *
   * @param name the name in the tables
   * @param parts the files, in order, relative to the traces directory
   * @param format the record format of every part
   */
  public record Trace(String name, List<String> parts, TraceFormat format) {}

  private static final String CORDA = "corda/trace_vaultservice.bin.gz";
  private static final String LOOP = "lirs/loop.trace.gz";

  private final Path dir;

  /** Traces under {@code dir}. */
  public Traces(Path dir) {
    this.dir = dir;
  }

  /**
   * The traces directory, an optional input: the system property {@code mallquest.traces}, else the
   * environment variable {@code MALLQUEST_TRACES}; empty if neither names a directory.
   */
  public static Optional<Path> locate() {
    for (String configured :
        new String[] {System.getProperty("mallquest.traces"), System.getenv("MALLQUEST_TRACES")}) {
      if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
        return Optional.of(Path.of(configured));
      }
    }
    return Optional.empty();
  }

  /**
   * The trace called {@code name} (the README's names: OLTP, gli, loop, multi2, web07, corda,
   * adaptivity...).
   */
  public static Trace named(String name) {
    return switch (name) {
      case "OLTP" -> new Trace(name, List.of("arc/OLTP.lis.gz"), TraceFormat.ARC_TEXT);
      case "web07" -> new Trace(name, List.of("cache2k/web07.trace.gz"), TraceFormat.INT32_BE);
      case "corda" -> new Trace(name, List.of(CORDA), TraceFormat.INT64_BE);
      // Caffeine's stress trace: corda, loop five times, corda (the key spaces do not collide).
      case "adaptivity" ->
          new Trace(name, List.of(CORDA, LOOP, LOOP, LOOP, LOOP, LOOP, CORDA), null);
      default -> new Trace(name, List.of("lirs/" + name + ".trace.gz"), TraceFormat.LIRS_TEXT);
    };
  }

  /** Every key of {@code trace}, in order. */
  public long[] keys(Trace trace) {
    LongList keys = new LongList();
    for (String part : trace.parts()) {
      TraceFormat format = trace.format() != null ? trace.format() : formatOf(part);
      try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(part)), 1 << 16)) {
        format.read(in, keys::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read trace " + dir.resolve(part), e);
      }
    }
    return keys.toArray();
  }

  private static TraceFormat formatOf(String part) {
    return part.equals(CORDA) ? TraceFormat.INT64_BE : TraceFormat.LIRS_TEXT;
  }
}
