package com.mallquest.mall.adapter.web;

/** A STORE key acting for another store: 403. */
final class StoreAccessDeniedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoreAccessDeniedException(String message) {
    super(message);
  }
}
