package com.mallquest.mall.adapter.persistence;

class LedgerRepositoryH2Test extends LedgerRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
