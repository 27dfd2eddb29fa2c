package com.mallquest.mall.adapter.persistence;

class WebhookRepositoryPostgresIT extends WebhookRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
