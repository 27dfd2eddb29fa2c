package com.mallquest.mall.domain;

/**
 * A client sent an {@code Idempotency-Key} it used before, with a different request: the web layer
 * answers 422, and nothing changes.
 */
public class IdempotencyKeyReusedException extends DomainException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message which key and what differs
   */
  public IdempotencyKeyReusedException(String message) {
    super(message);
  }
}
