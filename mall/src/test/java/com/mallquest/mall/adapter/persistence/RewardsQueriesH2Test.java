package com.mallquest.mall.adapter.persistence;

class RewardsQueriesH2Test extends RewardsQueriesContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
