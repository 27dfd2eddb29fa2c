package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** Runs the operator's reconciliation check in the fault tests and asserts it found nothing. */
public final class Reconciliations {

  private Reconciliations() {}

  /**
   * Asserts a {@code GET /api/v1/operations/reconciliation} answer: 200, at least {@code
   * minShoppers} checked, no mismatch. Returns the number of shoppers checked.
   */
  public static long assertClean(int status, JsonNode report, long minShoppers) {
    assertThat(status).as("reconciliation status; body %s", report).isEqualTo(200);
    assertThat(report.get("mismatches").isEmpty())
        .as("mismatches: %s", report.get("mismatches"))
        .isTrue();
    assertThat(report.get("mismatchCount").asLong()).isZero();
    long checked = report.get("shoppersChecked").asLong();
    assertThat(checked).isGreaterThanOrEqualTo(minShoppers);
    return checked;
  }
}
