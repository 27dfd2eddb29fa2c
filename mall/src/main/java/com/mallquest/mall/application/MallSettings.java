package com.mallquest.mall.application;

import com.mallquest.mall.domain.EarningRules;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Objects;

/**
 * The mall-wide settings the use cases need.
 *
 * @param currency the mall's one currency; amounts in any other are refused
 * @param zone the mall's time zone: the default for new shoppers
 * @param rules the earning, level, tier and streak rules
 */
public record MallSettings(Currency currency, ZoneId zone, EarningRules rules) {

  /** Checks the arguments. */
  public MallSettings {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(rules, "rules");
  }
}
