package com.mallquest.smartcache.spring.sample;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/** A service that adopts the starter: one dependency, {@code @EnableCaching}, annotations. */
@SpringBootApplication
@EnableCaching
public class SampleApplication {

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean
  PriceService priceService() {
    return new PriceService();
  }
}
