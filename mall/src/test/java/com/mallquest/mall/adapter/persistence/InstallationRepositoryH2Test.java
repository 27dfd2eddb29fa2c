package com.mallquest.mall.adapter.persistence;

class InstallationRepositoryH2Test extends InstallationRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
