package com.mallquest.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReportTest {

  @Test
  void operationStats_percentilesOfAKnownHistogram() {
    Histogram h = new Histogram(Stats.MAX_MICROS, 3);
    for (int ms = 1; ms <= 1000; ms++) {
      h.recordValue(ms * 1000L);
    }
    Report.OperationStats s = Report.OperationStats.of("read", h, 3, 10.0);
    assertThat(s.count()).isEqualTo(1000);
    assertThat(s.perSecond()).isEqualTo(100.0);
    assertThat(s.errors()).isEqualTo(3);
    // HdrHistogram keeps 3 significant digits: within 0.1%
    assertThat(s.p50Ms()).isCloseTo(500, within(0.5));
    assertThat(s.p90Ms()).isCloseTo(900, within(0.9));
    assertThat(s.p99Ms()).isCloseTo(990, within(1.0));
    assertThat(s.maxMs()).isCloseTo(1000, within(1.0));
    assertThat(s.meanMs()).isCloseTo(500.5, within(0.5));
  }

  @Test
  void operations_addATotalRow_andSkipOperationsNeverSent() {
    Stats stats = new Stats();
    MallClient.Response ok = MallClient.Response.of(200, new byte[0]);
    MallClient.Response conflict = MallClient.Response.of(409, new byte[0]);
    for (int i = 0; i < 99; i++) {
      stats.record(Operation.READ, 1000, ok);
    }
    stats.record(Operation.READ, 100_000, ok);
    stats.record(Operation.PURCHASE, 5000, conflict);
    List<Report.OperationStats> rows = Report.operations(stats, 1.0);
    assertThat(rows)
        .extracting(Report.OperationStats::operation)
        .containsExactly("read", "purchase", "total");
    Report.OperationStats total = rows.get(2);
    assertThat(total.count()).isEqualTo(101);
    assertThat(total.errors()).isEqualTo(1);
    assertThat(total.maxMs()).isCloseTo(100, within(0.1));
    assertThat(rows.get(0).p50Ms()).isCloseTo(1.0, within(0.01));
    assertThat(stats.errorsByStatus()).containsExactly(Map.entry("purchase 409", 1L));
  }

  @Test
  void toJson_carriesTheFigures() {
    Stats stats = new Stats();
    stats.record(Operation.READ, 2000, MallClient.Response.of(200, new byte[0]));
    Report report =
        new Report(
            Map.of("mix", "read=1"),
            1.0,
            Report.operations(stats, 1.0),
            Map.of(),
            Map.of("shoppers", new Report.CacheDelta(10, 0.9, 0.0, 0.1, 5, 10, false)),
            null);
    JsonNode json = MallClient.json().readTree(report.toJson());
    assertThat(json.path("operations").get(0).path("operation").asString()).isEqualTo("read");
    assertThat(json.path("operations").get(0).path("p50Ms").asDouble())
        .isCloseTo(2.0, within(0.01));
    assertThat(json.path("cache").path("shoppers").path("memoryHitRatio").asDouble())
        .isEqualTo(0.9);
    assertThat(report.toText()).contains("read").contains("memory 90.0%");
  }
}
