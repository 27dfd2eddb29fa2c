package com.mallquest.smartcache.jcache;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/** The JSR-107 configuration view of one cache (JMX type {@code CacheConfiguration}). */
final class JCacheConfigurationBean implements CacheMXBean {

  private final SmartJCache<?, ?> cache;

  JCacheConfigurationBean(SmartJCache<?, ?> cache) {
    this.cache = cache;
  }

  private CompleteConfiguration<?, ?> config() {
    return cache.configurationView();
  }

  @Override
  public String getKeyType() {
    return config().getKeyType().getName();
  }

  @Override
  public String getValueType() {
    return config().getValueType().getName();
  }

  @Override
  public boolean isReadThrough() {
    return config().isReadThrough();
  }

  @Override
  public boolean isWriteThrough() {
    return config().isWriteThrough();
  }

  @Override
  public boolean isStoreByValue() {
    return config().isStoreByValue();
  }

  @Override
  public boolean isStatisticsEnabled() {
    return config().isStatisticsEnabled();
  }

  @Override
  public boolean isManagementEnabled() {
    return config().isManagementEnabled();
  }
}
