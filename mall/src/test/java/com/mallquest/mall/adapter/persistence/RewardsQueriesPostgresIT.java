package com.mallquest.mall.adapter.persistence;

class RewardsQueriesPostgresIT extends RewardsQueriesContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
