package com.mallquest.mall.adapter.persistence;

class SchemaPostgresIT extends SchemaContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
