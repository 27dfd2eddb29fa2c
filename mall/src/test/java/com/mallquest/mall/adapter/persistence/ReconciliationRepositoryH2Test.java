package com.mallquest.mall.adapter.persistence;

class ReconciliationRepositoryH2Test extends ReconciliationRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
