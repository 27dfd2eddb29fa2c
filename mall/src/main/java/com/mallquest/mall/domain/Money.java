package com.mallquest.mall.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * An amount of money in minor units (cents, fils, yen) of one currency; never floating point. Zero
 * is allowed here; a purchase additionally requires a positive, bounded amount (see {@link
 * Purchase#validateAmountMinor(long)}).
 *
 * @param minor the amount in minor units, {@code >= 0}
 * @param currency an ISO 4217 currency with a defined number of fraction digits
 */
public record Money(long minor, Currency currency) {

  /**
   * @throws InvalidInputException if {@code minor} is negative (field {@code "amountMinor"}) or the
   *     currency is missing or has no minor unit definition, like {@code XXX} (field {@code
   *     "currency"})
   */
  public Money {
    Checks.nonNegative(minor, "amountMinor");
    Checks.notNull(currency, "currency");
    if (currency.getDefaultFractionDigits() < 0) {
      throw new InvalidInputException(
          "currency", "currency must have a minor unit, was " + currency.getCurrencyCode());
    }
  }

  /**
   * Parses an amount given in the API as minor units and a currency code, for a mall that works in
   * one currency. The code is matched ignoring case and surrounding blanks.
   *
   * @throws InvalidInputException (field {@code "currency"}) if the code is missing, unknown, or
   *     not the mall's currency; (field {@code "amountMinor"}) if the amount is negative
   */
  public static Money of(long minor, String currencyCode, Currency mallCurrency) {
    Objects.requireNonNull(mallCurrency, "mallCurrency");
    Checks.notNull(currencyCode, "currency");
    Currency currency;
    try {
      currency = Currency.getInstance(currencyCode.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "currency", "currency must be an ISO 4217 code, was " + Checks.show(currencyCode));
    }
    if (!currency.equals(mallCurrency)) {
      throw new InvalidInputException(
          "currency",
          "currency must be the mall currency "
              + mallCurrency.getCurrencyCode()
              + ", was "
              + Checks.show(currencyCode));
    }
    return new Money(minor, currency);
  }

  /** The amount in major units, exact: 1999 USD minor is {@code 19.99}; 1999 JPY, {@code 1999}. */
  public BigDecimal major() {
    return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits());
  }

  @Override
  public String toString() {
    return major().toPlainString() + " " + currency.getCurrencyCode();
  }
}
