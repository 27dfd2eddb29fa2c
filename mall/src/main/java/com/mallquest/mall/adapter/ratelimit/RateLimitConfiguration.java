package com.mallquest.mall.adapter.ratelimit;

import com.mallquest.mall.adapter.cache.CacheBinding;
import com.mallquest.mall.config.MallQuestProperties;
import io.github.bucket4j.TimeMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API keys' rate limiter: cluster-wide through Redis when Redis is configured (ADR 0022). */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

  @Bean(destroyMethod = "close")
  ApiKeyRateLimiter apiKeyRateLimiter(MallQuestProperties properties, CacheBinding binding) {
    MallQuestProperties.RateLimit limits = properties.security().rateLimit();
    MallQuestProperties.Redis redis = properties.redis();
    boolean useRedis = redis.url() != null && !redis.url().isBlank();
    if (!useRedis || !limits.clusterWide()) {
      if (useRedis) {
        log.info("rate limits are per instance (mallquest.security.rate-limit.cluster-wide=false)");
      }
      return ApiKeyRateLimiter.perInstance(limits.maxTrackedKeys());
    }
    return ApiKeyRateLimiter.shared(
        redis.url(),
        redis.cluster(),
        binding.namespace(redis.namespace()),
        limits.redisTimeout(),
        limits.retryInterval(),
        limits.maxTrackedKeys(),
        TimeMeter.SYSTEM_MILLISECONDS,
        limits.maxLease(),
        limits.leaseTime());
  }
}
