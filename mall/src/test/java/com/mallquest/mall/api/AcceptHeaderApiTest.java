package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An Accept header Spring's parser chokes on is a 406 problem+json, never a 500. */
class AcceptHeaderApiTest extends AccessTestSupport {

  @Test
  void unbalancedQuoteInAccept_is406ProblemJson_onSuccessAndErrorPaths() {
    String shopper = createShopper();
    for (String path :
        new String[] {"/api/v1/shoppers/" + shopper, "/api/v1/shoppers/not.an.id/redemptions"}) {
      Reply r = callWith("GET", path, ADMIN_KEY, null, "Accept", "\"dY/_$P\"M&j*");
      assertThat(r.status()).as(path + ": " + r.raw().body()).isEqualTo(406);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("detail").asString()).contains("Accept");
    }
  }

  /**
   * Java's {@code HttpURLConnection} sends {@code *; q=.2} among its default ranges: the server
   * reads a bare {@code *} as any type and answers, and the contract check reads it so too.
   */
  @Test
  void bareStarInAccept_asJavasOwnClientSendsIt_isAnyType() {
    String shopper = createShopper();
    for (String accept :
        new String[] {"*", "*; q=.2", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"}) {
      Reply r = callWith("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null, "Accept", accept);
      assertThat(r.status()).as(accept + ": " + r.raw().body()).isEqualTo(200);
      assertThat(r.contentType()).startsWith("application/json");
    }
    assertThat(ApiContract.bareStarAsAnyType("text/html, *; q=.2, */*"))
        .isEqualTo("text/html, */*; q=.2, */*");
  }

  @Test
  void ordinaryAcceptHeaders_stillWork() {
    String shopper = createShopper();
    assertThat(
            callWith(
                    "GET",
                    "/api/v1/shoppers/" + shopper,
                    ADMIN_KEY,
                    null,
                    "Accept",
                    "application/json")
                .status())
        .isEqualTo(200);
    assertThat(
            callWith(
                    "GET",
                    "/api/v1/shoppers/" + shopper,
                    ADMIN_KEY,
                    null,
                    "Accept",
                    "text/html;q=0.9, */*;q=0.1")
                .status())
        .isEqualTo(200);
  }
}
