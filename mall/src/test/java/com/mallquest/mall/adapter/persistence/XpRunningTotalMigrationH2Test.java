package com.mallquest.mall.adapter.persistence;

class XpRunningTotalMigrationH2Test extends XpRunningTotalMigrationContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2("11");
  }
}
