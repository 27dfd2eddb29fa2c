package com.mallquest.mall.config;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@code --mallquest.demo=true}: seeds a sample mall into an empty database at start-up ({@link
 * DemoMall}); {@code --mallquest.demo-shoppers=N} sets its size (default 3,000).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mallquest.demo", havingValue = "true")
// The parts record is a bean of its own: Spring fills its components from the context.
@Import(DemoMall.Parts.class)
class DemoConfiguration {

  /** The sample mall, over the service's own beans ({@link DemoMall.Parts}, imported above). */
  @Bean
  DemoMall demoMall(
      DemoMall.Parts parts, Clock clock, @Value("${mallquest.demo-shoppers:3000}") int size) {
    return new DemoMall(parts, size, clock);
  }

  /** Seeds before the service reports itself ready (runners run before the readiness event). */
  @Bean
  ApplicationRunner demoSeeder(DemoMall demo) {
    return args -> demo.seed();
  }
}
