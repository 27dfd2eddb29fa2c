package com.mallquest.smartcache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same contract as {@link RedisContractIT} (memory -> Redis -> source), on a Redis Cluster of
 * six local nodes ({@link RedisClusterProcess#shared()}) through the cluster client: the keys of a
 * cache spread over the stream groups' slots, fills, writes, invalidations, clears and key counts
 * cross the masters.
 */
class RedisClusterContractIT extends RedisContractIT {

  private static RedisClusterProcess cluster;
  private final String namespace = RedisTestSupport.uniqueNamespace("ccontract");

  /** Hides {@link RedisContractIT#redis()}: this class needs no single Redis. */
  @BeforeAll
  static void redis() {
    cluster = RedisClusterProcess.shared();
  }

  @Override
  SmartCacheManager.Builder managerBuilder() {
    return SmartCacheManager.builder()
        .redisUri(cluster.url())
        .redisCluster(true)
        .namespace(namespace)
        .breakerFailureThreshold(Integer.MAX_VALUE);
  }

  @Override
  @AfterEach
  void cleanRedis() {
    RedisClusterSupport.deleteNamespace(cluster.url(), namespace);
  }
}
