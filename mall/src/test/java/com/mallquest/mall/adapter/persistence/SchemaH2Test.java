package com.mallquest.mall.adapter.persistence;

class SchemaH2Test extends SchemaContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
