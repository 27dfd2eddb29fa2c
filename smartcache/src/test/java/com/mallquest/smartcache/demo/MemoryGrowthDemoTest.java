package com.mallquest.smartcache.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemoryGrowthDemoTest {

  @Test
  void run_tenThousandUsers_cacheHoldsTheLimitAndEveryUserStaysReadable() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    MemoryGrowthDemo.Result result =
        MemoryGrowthDemo.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), null);

    String output = buffer.toString(StandardCharsets.UTF_8);
    System.out.print(output);
    assertThat(result.unlimitedEntries()).isEqualTo(10_000);
    assertThat(result.memoryCacheSize()).isEqualTo(1000);
    assertThat(result.memoryLimit()).isEqualTo(1000);
    assertThat(result.efficiencyPercent()).isEqualTo(10.0);
    assertThat(result.readableUsers()).isEqualTo(10_000);
    assertThat(output)
        .contains(
            "Memory usage: 10000 entries",
            "Memory cache size: 1000",
            "Memory limit: 1000",
            "Memory efficiency: 10.0% of unlimited");
  }
}
