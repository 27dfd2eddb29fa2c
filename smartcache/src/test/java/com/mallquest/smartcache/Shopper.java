package com.mallquest.smartcache;

/** A cached value of the tests: a record, as the service's are. */
record Shopper(long id, String name, long coins) {}
