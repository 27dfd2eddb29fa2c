package com.mallquest.mall.domain;

import java.util.Objects;

/**
 * An input value broke a rule of the domain: a malformed id, an unknown currency, a display name
 * that is too long. {@link #field()} names the input (as the API spells it, e.g. {@code
 * "displayName"}); the message names it again and carries the rejected value.
 */
public class InvalidInputException extends DomainException {

  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the input that was rejected, e.g. {@code "amountMinor"}
   * @param message why, including the rejected value
   */
  public InvalidInputException(String field, String message) {
    super(message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The name of the rejected input, e.g. {@code "language"}. */
  public String field() {
    return field;
  }

  /**
   * Parses an input with {@code parser}, reporting a failure under {@code field} (for ids that are
   * parsed by a shared type but arrive in differently named fields, such as {@code storeId}).
   */
  public static <T> T parseAs(
      String field, java.util.function.Function<String, T> parser, String input) {
    try {
      return parser.apply(input);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field, field + ": " + e.getMessage());
    }
  }
}
