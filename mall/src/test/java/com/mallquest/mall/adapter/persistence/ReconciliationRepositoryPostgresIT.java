package com.mallquest.mall.adapter.persistence;

class ReconciliationRepositoryPostgresIT extends ReconciliationRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
