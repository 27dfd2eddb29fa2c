package com.mallquest.mall.adapter.persistence;

class PurchaseRepositoryH2Test extends PurchaseRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
