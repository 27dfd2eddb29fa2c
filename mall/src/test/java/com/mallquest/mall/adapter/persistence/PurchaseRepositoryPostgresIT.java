package com.mallquest.mall.adapter.persistence;

class PurchaseRepositoryPostgresIT extends PurchaseRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
