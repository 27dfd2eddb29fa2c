package com.mallquest.mall.domain;

/**
 * What an API key may do: {@code ADMIN} manages stores and rules, {@code STORE} records purchases
 * for its store, {@code APP} acts for shoppers (profile, check-in, balance).
 */
public enum ApiKeyRole {
  ADMIN,
  STORE,
  APP
}
