package com.mallquest.mall.adapter.persistence;

class ShopperRepositoryPostgresIT extends ShopperRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
