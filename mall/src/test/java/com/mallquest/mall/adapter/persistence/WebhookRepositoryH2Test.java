package com.mallquest.mall.adapter.persistence;

class WebhookRepositoryH2Test extends WebhookRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
