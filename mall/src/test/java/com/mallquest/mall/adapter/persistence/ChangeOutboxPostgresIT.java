package com.mallquest.mall.adapter.persistence;

class ChangeOutboxPostgresIT extends ChangeOutboxContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
