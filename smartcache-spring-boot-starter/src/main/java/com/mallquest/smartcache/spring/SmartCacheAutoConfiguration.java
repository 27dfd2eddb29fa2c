package com.mallquest.smartcache.spring;

import com.mallquest.smartcache.JavaSerializationCodec;
import com.mallquest.smartcache.SmartCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of SmartCache for Spring: a {@link SmartCacheManager} from {@code
 * smartcache.*} (its {@code smartcache.*} meters bound to the application's {@link MeterRegistry}
 * if there is one), a Spring {@link CacheManager} over it for
 * {@code @Cacheable}/{@code @CachePut}/{@code @CacheEvict} (the application still says
 * {@code @EnableCaching}), and a health contributor when Boot's health module is present. Every
 * bean backs off if the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass(SmartCacheManager.class)
@EnableConfigurationProperties(SmartCacheProperties.class)
public class SmartCacheAutoConfiguration {

  /**
   * Values and keys of Spring caches have no one type: Java serialization, with the app's loader.
   */
  @Bean
  @ConditionalOnMissingBean
  public JavaSerializationCodec smartCacheCodec() {
    return new JavaSerializationCodec(SmartCacheAutoConfiguration.class.getClassLoader());
  }

  /** The manager; never fails because Redis is down (it connects in the background). */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SmartCacheManager smartCacheManager(
      SmartCacheProperties properties,
      JavaSerializationCodec codec,
      ObjectProvider<MeterRegistry> meterRegistry) {
    SmartCacheManager.Builder builder =
        SmartCacheManager.builder()
            .namespace(properties.getNamespace())
            .commandTimeout(properties.getCommandTimeout())
            .codec(codec);
    if (properties.redisConfigured()) {
      builder.redisUri(properties.getRedisUri()).redisCluster(properties.isRedisCluster());
    }
    meterRegistry.ifAvailable(builder::meterRegistry);
    return builder.build();
  }

  /** Spring's cache abstraction over the manager's caches. */
  @Bean
  @ConditionalOnMissingBean(CacheManager.class)
  public SmartCacheSpringCacheManager cacheManager(
      SmartCacheManager manager, SmartCacheProperties properties, JavaSerializationCodec codec) {
    return new SmartCacheSpringCacheManager(manager, properties, codec);
  }

  /** The health contributor, when Boot's health module is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class Health {

    @Bean
    @ConditionalOnMissingBean(name = "smartCacheHealthIndicator")
    SmartCacheHealthIndicator smartCacheHealthIndicator(
        SmartCacheManager manager, SmartCacheProperties properties) {
      return new SmartCacheHealthIndicator(manager, properties.redisConfigured());
    }
  }
}
