package com.mallquest.mall.adapter.persistence;

class ChangeOutboxH2Test extends ChangeOutboxContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
