package com.mallquest.mall.application.port;

import java.util.function.Supplier;

/** The transaction boundary of a use case: the work commits together or not at all. */
public interface Transactions {

  /** Runs {@code work} in one database transaction; rolls back if it throws. */
  <T> T inTransaction(Supplier<T> work);
}
