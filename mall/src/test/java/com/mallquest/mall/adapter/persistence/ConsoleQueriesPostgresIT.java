package com.mallquest.mall.adapter.persistence;

class ConsoleQueriesPostgresIT extends ConsoleQueriesContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
