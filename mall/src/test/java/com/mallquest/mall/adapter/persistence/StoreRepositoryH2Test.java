package com.mallquest.mall.adapter.persistence;

class StoreRepositoryH2Test extends StoreRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
