package com.mallquest.mall.adapter.persistence;

class ConsoleQueriesH2Test extends ConsoleQueriesContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
