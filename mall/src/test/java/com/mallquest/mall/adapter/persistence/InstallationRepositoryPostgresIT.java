package com.mallquest.mall.adapter.persistence;

class InstallationRepositoryPostgresIT extends InstallationRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
