package com.mallquest.mall.adapter.persistence;

class MissionsAndCapsH2Test extends MissionsAndCapsContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
