package com.mallquest.mall.adapter.persistence;

class CompanionRepositoryPostgresIT extends CompanionRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
