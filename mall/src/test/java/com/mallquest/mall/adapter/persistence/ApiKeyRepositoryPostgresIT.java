package com.mallquest.mall.adapter.persistence;

class ApiKeyRepositoryPostgresIT extends ApiKeyRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
