package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Bodies built to break parsers: deep nesting, huge and non-finite numbers, duplicate keys, bytes
 * that are not UTF-8, lone surrogates, oversized chunked bodies, other media types. Each gets a
 * clear 4xx problem+json and changes nothing (or, for text that is valid, is stored as sent).
 */
class MalformedBodyApiTest extends ApiTestSupport {

  @Autowired private ApplicationContext context;

  private String store;
  private String shopper;
  private Map<String, String> before;

  @BeforeEach
  void setUp() {
    store = createStore("1");
    shopper = createShopper();
    before = HostileInput.snapshot(jdbc);
  }

  private void assertRefusedAndNothingChanged(Reply r, int status, String what) {
    HostileInput.assertProblem(r, what);
    assertThat(r.status()).as("%s: %s", what, r.raw().body()).isEqualTo(status);
    assertThat(HostileInput.snapshot(jdbc)).as("database after %s", what).isEqualTo(before);
  }

  private Reply send(
      String method, String path, HttpRequest.BodyPublisher body, String contentType) {
    return send(request(path, ADMIN_KEY).header("Content-Type", contentType).method(method, body));
  }

  @Test
  void nesting10000Levels_unclosed_is400NotAStackOverflow() {
    String body = "{\"shopperId\":" + "[".repeat(10_000);
    assertRefusedAndNothingChanged(
        call("POST", "/api/v1/purchases", ADMIN_KEY, body), 400, "10,000 open arrays");
  }

  @Test
  void nesting10000Levels_closed_isRefusedForItsSize() {
    String body = "{\"displayName\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertRefusedAndNothingChanged(
        call("POST", "/api/v1/shoppers", ADMIN_KEY, body), 413, "10,000 closed arrays");
  }

  @Test
  void nesting2500Objects_withinTheSizeLimit_is400() {
    String body = "{\"displayName\":" + "{\"a\":".repeat(2_500) + "1" + "}".repeat(2_500) + "}";
    assertThat(body.length()).isLessThan(16_384);
    assertRefusedAndNothingChanged(
        call("POST", "/api/v1/shoppers", ADMIN_KEY, body), 400, "2,500 nested objects");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e400",
        "-1e400",
        "9223372036854775808",
        "-9223372036854775809",
        "1e19",
        "NaN",
        "Infinity",
        "-Infinity",
        "0x10",
        "1.5",
        "100.0",
        "1e2",
        "+100",
        "01",
        "null",
        "[100]",
        "{}"
      })
  void purchase_amountThatIsNotAnAmount_is400(String amount) {
    String body =
        "{\"shopperId\":\""
            + shopper
            + "\",\"storeId\":\""
            + store
            + "\",\"receiptId\":\"r1\","
            + "\"amountMinor\":"
            + amount
            + ",\"currency\":\"USD\"}";
    assertRefusedAndNothingChanged(
        call("POST", "/api/v1/purchases", ADMIN_KEY, body), 400, "amountMinor " + amount);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e400",
        "1e-400",
        "-1e-400",
        "0.001",
        "1E+2",
        "NaN",
        "Infinity",
        "-0",
        "0",
        "1e2147483647",
        "\"1.5x\""
      })
  void store_multiplierThatIsNotAMultiplier_is400(String multiplier) {
    String body =
        "{\"name\":\"S\",\"category\":\"food\",\"floor\":\"G\",\"coinMultiplier\":"
            + multiplier
            + "}";
    assertRefusedAndNothingChanged(
        call("POST", "/api/v1/stores", ADMIN_KEY, body), 400, "coinMultiplier " + multiplier);
  }

  @Test
  void purchase_duplicateKeys_is400() {
    String body =
        "{\"shopperId\":\""
            + shopper
            + "\",\"storeId\":\""
            + store
            + "\",\"receiptId\":\"r1\","
            + "\"amountMinor\":100,\"amountMinor\":100000000,\"currency\":\"USD\"}";
    assertRefusedAndNothingChanged(
        call("POST", "/api/v1/purchases", ADMIN_KEY, body), 400, "duplicate amountMinor");
  }

  @Test
  void invalidUtf8Bytes_is400() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("{\"displayName\":\"A".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(
        new byte[] {
          (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80
        });
    bytes.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    Reply r =
        send(
            "POST",
            "/api/v1/shoppers",
            HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray()),
            "application/json");
    assertRefusedAndNothingChanged(r, 400, "invalid UTF-8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\uD800", "A\\uDC00B", "\\uDBFF\\uDBFF"})
  void loneSurrogateEscape_isRefusedOrStoredVerbatim(String escaped) {
    Reply r =
        call(
            "PATCH",
            "/api/v1/shoppers/" + shopper,
            ADMIN_KEY,
            "{\"displayName\":\"" + escaped + "\"}");
    if (r.status() >= 400) {
      assertRefusedAndNothingChanged(r, 400, "lone surrogate " + escaped);
    } else {
      String sent = JSON.readTree("\"" + escaped + "\"").asString();
      assertThat(
              call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                  .json()
                  .get("displayName")
                  .asString())
          .isEqualTo(sent);
    }
  }

  @Test
  void oversizedChunkedBody_is413() {
    byte[] big =
        ("{\"displayName\":\"" + "x".repeat(40_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    Reply r =
        send(
            "POST",
            "/api/v1/shoppers",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)),
            "application/json");
    assertRefusedAndNothingChanged(r, 413, "40 KB chunked body");
  }

  @Test
  void everyJsonEndpoint_otherMediaTypes_is415() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("id", shopper);
    int checked = 0;
    for (HostileInput.Endpoint endpoint : HostileInput.endpoints(context)) {
      if (!endpoint.consumesJson()) {
        continue;
      }
      for (String type :
          new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded"}) {
        String what = endpoint + " as " + type;
        Reply r = call(endpoint.method(), endpoint.path(values), ADMIN_KEY, "{}", type);
        assertRefusedAndNothingChanged(r, 415, what);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(3 * 5);
  }
}
