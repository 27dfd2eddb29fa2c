package com.mallquest.mall.adapter.web.security;

/** A STORE key acting for another store: 403. */
public final class StoreAccessDeniedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreAccessDeniedException(String message) {
    super(message);
  }
}
