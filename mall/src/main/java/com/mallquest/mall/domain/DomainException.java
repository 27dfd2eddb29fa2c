package com.mallquest.mall.domain;

/**
 * Root of the failures the domain reports. Unchecked; each subtype is one kind of failure that the
 * web layer maps in one place ({@link InvalidInputException} to 400, {@link NotFoundException} to
 * 404, {@link ConflictException} to 409). Messages carry the offending field and value.
 */
public abstract class DomainException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, naming the field or state and carrying the value
   */
  protected DomainException(String message) {
    super(message);
  }
}
