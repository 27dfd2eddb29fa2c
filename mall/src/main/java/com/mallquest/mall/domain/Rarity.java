package com.mallquest.mall.domain;

/** How rare a companion species is. */
public enum Rarity {
  COMMON,
  RARE,
  EPIC,
  LEGENDARY
}
