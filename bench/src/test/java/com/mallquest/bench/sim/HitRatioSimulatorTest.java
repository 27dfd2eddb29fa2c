package com.mallquest.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulator's LRU and OPT against the exact reference figures of the public trace set's README
 * (an optional input: {@code -Dmallquest.traces=DIR} or {@code MALLQUEST_TRACES}; skipped without
 * it, failed if it names no directory). The policies on tiny hand-made traces, which need no input,
 * are {@link PoliciesTest}'s.
 */
class HitRatioSimulatorTest {

  private static Traces traces;
  private static final Map<String, long[]> loaded = new HashMap<>();

  @BeforeAll
  static void findTraces() {
    Optional<Path> dir = Traces.locate();
    if (dir.isEmpty()) {
      String property = System.getProperty("mallquest.traces");
      String environment = System.getenv("MALLQUEST_TRACES");
      if ((property != null && !property.isBlank())
          || (environment != null && !environment.isBlank())) {
        fail(
            "mallquest.traces / MALLQUEST_TRACES names no directory: "
                + property
                + " / "
                + environment);
      }
      assumeTrue(
          false,
          "no trace set given (-Dmallquest.traces=DIR or MALLQUEST_TRACES): skipping the reference"
              + " checks against its README's exact LRU/OPT figures");
    }
    traces = new Traces(dir.get());
  }

  private static long[] keys(String trace) {
    return loaded.computeIfAbsent(trace, name -> traces.keys(Traces.named(name)));
  }

  @ParameterizedTest(name = "{0} at {1}: LRU {2}%, OPT {3}%")
  @CsvSource({
    "OLTP, 1000, 32.83, 53.61",
    "OLTP, 2000, 42.47, 60.40",
    "OLTP, 10000, 60.70, 73.02",
    "gli, 1000, 11.21, 53.13",
    "gli, 2000, 57.41, 57.96",
    "loop, 1000, 0.00, 98.71",
    "multi2, 1000, 47.80, 62.16",
    "multi2, 2000, 49.00, 74.65",
    "sprite, 500, 78.30, 87.88",
    "2_pools, 1000, 54.41, 68.52",
    "scan, 1000, 0.00, 47.98",
    "web07, 1000, 50.41, 63.58",
    "corda, 1024, 33.33, 33.33"
  })
  void lruAndOpt_matchTheReferenceFigures(String trace, int size, double lru, double opt) {
    long[] k = keys(trace);
    assertThat(HitRatioSimulator.percent(Policies.lru(k, size), k.length))
        .isCloseTo(lru, within(0.005));
    assertThat(HitRatioSimulator.percent(Policies.opt(k, size), k.length))
        .isCloseTo(opt, within(0.005));
  }

  @Test
  void traces_haveTheLengthsTheReadmeGives() {
    assertThat(keys("loop")).hasSize(505_500);
    assertThat(keys("gli")).hasSize(6_015);
    assertThat(keys("web07")).hasSize(76_118);
    assertThat(keys("corda")).hasSize(135_702);
    assertThat(keys("OLTP")).hasSize(914_145);
  }

  @Test
  void memoryTier_beatsLru_onLoopScanMultiAndGlimpse() {
    for (String trace : new String[] {"loop", "scan", "multi2", "gli"}) {
      long[] k = keys(trace);
      assertThat(Policies.memoryTier(k, 1000)).as(trace).isGreaterThan(Policies.lru(k, 1000));
    }
  }
}
