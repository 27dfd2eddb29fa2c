package com.mallquest.mall.adapter.persistence;

class IdempotencyRepositoryH2Test extends IdempotencyRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
