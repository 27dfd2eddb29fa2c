package com.mallquest.smartcache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamIdTest {

  @Test
  void parse_compare_ordersByMillisThenSequence() {
    assertThat(StreamId.parse("1700000000000-5")).isEqualTo(new StreamId(1_700_000_000_000L, 5));
    assertThat(StreamId.parse("10-0")).isGreaterThan(StreamId.parse("9-99"));
    assertThat(StreamId.parse("10-2")).isGreaterThan(StreamId.parse("10-1"));
    assertThat(StreamId.parse("0-0")).isEqualTo(StreamId.ZERO);
  }

  @Test
  void runId_infoServer_readsTheRunIdLine() {
    String info = "# Server\r\nredis_version:7.0.15\r\nrun_id:304e8a3fc0b07b\r\ntcp_port:6379\r\n";
    assertThat(InvalidationReader.runId(info)).isEqualTo("304e8a3fc0b07b");
    assertThat(InvalidationReader.runId("# Server\n")).isEmpty();
  }
}
