package com.mallquest.mall.adapter.persistence;

class ShopperRepositoryH2Test extends ShopperRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
