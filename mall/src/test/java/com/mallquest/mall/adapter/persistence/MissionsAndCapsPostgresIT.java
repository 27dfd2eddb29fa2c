package com.mallquest.mall.adapter.persistence;

class MissionsAndCapsPostgresIT extends MissionsAndCapsContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
