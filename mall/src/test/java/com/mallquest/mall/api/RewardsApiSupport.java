package com.mallquest.mall.api;

/** Helpers of the rewards, refunds, leaderboard and analytics API tests (same shared context). */
abstract class RewardsApiSupport extends ApiTestSupport {

  /**
   * A call with extra headers given as name, value pairs; a {@code null} value leaves the header
   * out.
   */
  protected Reply call(String method, String path, String key, String body, String... headers) {
    return callWith(method, path, key, body, headers);
  }
}
