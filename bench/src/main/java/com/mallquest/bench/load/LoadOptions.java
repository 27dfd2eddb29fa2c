package com.mallquest.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The load tool's command-line options (a picocli mixin of {@link LoadTool}), and the ids they
 * imply.
 */
final class LoadOptions {

  @Option(
      names = "--url",
      defaultValue = "http://127.0.0.1:8080",
      description = "The service (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--api-key",
      defaultValue = "${env:MALLQUEST_API_KEY}",
      description = "An ADMIN key (default: the environment variable MALLQUEST_API_KEY).")
  String apiKey;

  @Option(
      names = "--shoppers",
      defaultValue = "10000",
      description = "Shoppers to use (default: ${DEFAULT-VALUE}).")
  int shoppers;

  @Option(
      names = "--stores",
      defaultValue = "20",
      description = "Stores to use (default: ${DEFAULT-VALUE}).")
  int stores;

  @Option(
      names = "--prefix",
      defaultValue = "bench",
      description = "Id prefix: shoppers <prefix>-<n>, stores <prefix>-s<n>.")
  String prefix;

  @Option(
      names = "--import",
      description =
          "Create the shoppers with POST /api/v1/shoppers/import (NDJSON) instead of one POST each.")
  boolean useImport;

  @Option(
      names = "--skip-setup",
      description = "The stores and shoppers exist already (their balances are read first).")
  boolean skipSetup;

  @Option(
      names = "--mix",
      defaultValue = Mix.DEFAULT,
      converter = MixConverter.class,
      description = "Operation weights (default: ${DEFAULT-VALUE}).")
  Mix mix;

  @Option(
      names = "--zipf-s",
      defaultValue = "0.99",
      description = "Zipf exponent over shoppers; 0 = uniform (default: ${DEFAULT-VALUE}).")
  double zipfS;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "How long to run, e.g. 60s, 5m (default 30s unless --count).")
  Duration duration;

  @Option(names = "--count", description = "How many requests to send (instead of --duration).")
  Long count;

  @Option(
      names = "--warmup",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Load first sent for this long and left out of the figures (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--concurrency",
      defaultValue = "8",
      description = "Requests in flight (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Request timeout (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--currency",
      defaultValue = "USD",
      description = "The mall's currency (default: ${DEFAULT-VALUE}).")
  String currency;

  @Option(names = "--seed", description = "Random seed (default: random).")
  Long seed;

  @Option(names = "--json", description = "Write the report as JSON to this file.")
  Path jsonFile;

  @Option(names = "--quiet", description = "No progress line.")
  boolean quiet;

  /** Whether the mix sends operations that credit coins (so balances are checked). */
  boolean credits() {
    return mix.weights().get(Operation.PURCHASE) > 0 || mix.weights().get(Operation.CHECKIN) > 0;
  }

  /**
   * The measured duration: {@code --duration}, else 30 s unless {@code --count}; null when counted.
   */
  Duration measured() {
    return duration != null ? duration : count == null ? Duration.ofSeconds(30) : null;
  }

  /** The settings the report repeats. */
  Map<String, Object> settings() {
    Duration measured = measured();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("url", url.toString());
    settings.put("shoppers", shoppers);
    settings.put("stores", stores);
    settings.put("mix", mix.toString());
    settings.put("zipfS", zipfS);
    settings.put("concurrency", concurrency);
    settings.put("duration", measured == null ? null : measured.toString());
    settings.put("count", count);
    settings.put("warmup", warmup.toString());
    return settings;
  }

  String shopperId(int i) {
    return prefix + "-" + i;
  }

  String storeId(int i) {
    return prefix + "-s" + i;
  }

  /** Parses {@code --mix}. */
  static final class MixConverter implements ITypeConverter<Mix> {
    @Override
    public Mix convert(String value) {
      try {
        return Mix.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT30S}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parseDuration(value);
    }
  }

  /** See {@link DurationConverter}. */
  static Duration parseDuration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("pt")) {
        return Duration.parse(value.trim());
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new CommandLine.TypeConversionException("not a duration: " + value);
      };
    } catch (RuntimeException e) {
      if (e instanceof CommandLine.TypeConversionException t) {
        throw t;
      }
      throw new CommandLine.TypeConversionException(
          "not a duration (use 500ms, 30s, 5m, 1h): " + value);
    }
  }
}
