package com.mallquest.mall.domain;

/**
 * The request is well formed but conflicts with the current state, e.g. a purchase at an inactive
 * store.
 */
public class ConflictException extends DomainException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the conflict, carrying the state that caused it
   */
  public ConflictException(String message) {
    super(message);
  }
}
