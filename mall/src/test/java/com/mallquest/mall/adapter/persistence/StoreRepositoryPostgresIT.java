package com.mallquest.mall.adapter.persistence;

class StoreRepositoryPostgresIT extends StoreRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
