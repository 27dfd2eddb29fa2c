package com.mallquest.mall.adapter.persistence;

class LedgerRepositoryPostgresIT extends LedgerRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
