package com.mallquest.mall.adapter.persistence;

class CompanionRepositoryH2Test extends CompanionRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
