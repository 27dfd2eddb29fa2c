package com.mallquest.mall.domain;

import java.util.Objects;

/** Something the request names does not exist, e.g. {@code new NotFoundException("store", id)}. */
public class NotFoundException extends DomainException {

  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String id;

  /**
   * @param kind what was looked for, e.g. {@code "shopper"} or {@code "store"}
   * @param id the id that was not found
   */
  public NotFoundException(String kind, String id) {
    super(Objects.requireNonNull(kind, "kind") + " not found: " + Checks.show(id));
    this.kind = kind;
    this.id = Objects.requireNonNull(id, "id");
  }

  /** What was looked for, e.g. {@code "store"}. */
  public String kind() {
    return kind;
  }

  /** The id that was not found. */
  public String id() {
    return id;
  }
}
