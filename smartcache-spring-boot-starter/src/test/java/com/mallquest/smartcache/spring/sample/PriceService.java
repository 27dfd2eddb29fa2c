package com.mallquest.smartcache.spring.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * A "database" of prices behind Spring's cache annotations; counts how often it is really asked.
 */
public class PriceService {

  private final Map<String, Long> prices = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();

  /** How often the "database" was asked (a method: the service is a caching proxy). */
  public int lookups() {
    return lookups.get();
  }

  public void resetLookups() {
    lookups.set(0);
  }

  @Cacheable("prices")
  public Long price(String sku) {
    lookups.incrementAndGet();
    return prices.get(sku);
  }

  @Cacheable(cacheNames = "prices-sync", sync = true)
  public Long priceSync(String sku) {
    lookups.incrementAndGet();
    return prices.get(sku);
  }

  @CachePut(cacheNames = "prices", key = "#sku")
  public Long update(String sku, long cents) {
    prices.put(sku, cents);
    return cents;
  }

  @CacheEvict(cacheNames = "prices", key = "#sku")
  public void delete(String sku) {
    prices.remove(sku);
  }

  /** Changes the "database" behind the cache's back. */
  public void setDirectly(String sku, long cents) {
    prices.put(sku, cents);
  }
}
