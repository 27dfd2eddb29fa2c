package com.mallquest.mall.adapter.persistence;

class XpRunningTotalMigrationPostgresIT extends XpRunningTotalMigrationContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres("11");
  }
}
