package com.mallquest.mall.api;

/** The shared API context (no configuration of its own), plus the access tests' helpers. */
abstract class AccessTestSupport extends ApiTestSupport {

  /** Creates a key from a full JSON body and returns the whole answer. */
  protected Reply createKeyJson(String json) {
    Reply r = call("POST", "/api/v1/api-keys", ADMIN_KEY, json);
    if (r.status() != 201) {
      throw new AssertionError("key not created: " + r.status() + " " + r.raw().body());
    }
    return r;
  }

  /** Asserts an RFC 9457 problem with this status. */
  protected static void assertProblem(Reply r, int status) {
    org.assertj.core.api.Assertions.assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    org.assertj.core.api.Assertions.assertThat(r.contentType())
        .startsWith("application/problem+json");
  }
}
