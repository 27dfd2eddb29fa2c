package com.mallquest.mall.adapter.persistence;

class ApiKeyRepositoryH2Test extends ApiKeyRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
