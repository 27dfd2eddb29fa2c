package com.mallquest.mall.adapter.persistence;

class IdempotencyRepositoryPostgresIT extends IdempotencyRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
