package com.mallquest.smartcache;

/** The contract without Redis: memory + source (a single instance). */
class MemoryOnlyContractTest extends SmartCacheContract {

  @Override
  SmartCacheManager.Builder managerBuilder() {
    return SmartCacheManager.builder();
  }

  @Override
  boolean withRedis() {
    return false;
  }
}
