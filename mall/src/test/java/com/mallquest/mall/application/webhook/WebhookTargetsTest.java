package com.mallquest.mall.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.domain.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SSRF rules on names (resolved by a fake resolver, no DNS) and the signature's known answer. */
class WebhookTargetsTest {

  private static final Map<String, String[]> DNS =
      Map.of(
          "crm.example.com", new String[] {"93.184.216.34"},
          "internal.example.com", new String[] {"10.20.30.40"},
          "mixed.example.com", new String[] {"93.184.216.34", "192.168.0.9"},
          "metadata.example.com", new String[] {"169.254.169.254"},
          "localhost", new String[] {"127.0.0.1"});

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String[] ips = DNS.get(host);
    if (ips == null) {
      if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
        return new InetAddress[] {InetAddress.getByName(host)}; // a literal: no lookup
      }
      throw new UnknownHostException(host);
    }
    InetAddress[] out = new InetAddress[ips.length];
    for (int i = 0; i < ips.length; i++) {
      out[i] = InetAddress.getByName(ips[i]);
    }
    return out;
  }

  private final WebhookTargets production =
      new WebhookTargets(false, false, WebhookTargetsTest::resolve);
  private final WebhookTargets development =
      new WebhookTargets(true, false, WebhookTargetsTest::resolve);
  private final WebhookTargets inside =
      new WebhookTargets(false, true, WebhookTargetsTest::resolve);

  @Test
  void production_takesHttpsToPublicAddressesOnly() {
    assertThat(production.parse("https://crm.example.com/hooks?x=1").getHost())
        .isEqualTo("crm.example.com");
    assertThat(production.refusal(URI.create("http://crm.example.com/")))
        .hasValue("url must use https");
    assertThat(production.refusal(URI.create("https://internal.example.com/"))).isPresent();
    assertThat(production.refusal(URI.create("https://mixed.example.com/")))
        .as("any internal address")
        .isPresent();
    assertThat(production.refusal(URI.create("https://metadata.example.com/"))).isPresent();
    assertThat(production.refusal(URI.create("https://localhost/"))).isPresent();
    assertThat(production.refusal(URI.create("https://nowhere.example.com/")))
        .hasValue("url's host does not resolve");
    assertThat(production.refusal(URI.create("http://127.0.0.1:8080/"))).isPresent();
    assertThatThrownBy(() -> production.parse("https://10.0.0.1/"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void development_takesHttpOnlyToLoopback() {
    assertThat(development.refusal(URI.create("http://localhost:8080/hook"))).isEmpty();
    assertThat(development.refusal(URI.create("http://127.0.0.1:8080/hook"))).isEmpty();
    assertThat(development.refusal(URI.create("http://crm.example.com/hook"))).isPresent();
    assertThat(development.refusal(URI.create("https://internal.example.com/"))).isPresent();
  }

  @Test
  void allowPrivate_takesTheMallsOwnNetwork_butStillHttpsOnly() {
    assertThat(inside.refusal(URI.create("https://internal.example.com/"))).isEmpty();
    assertThat(inside.refusal(URI.create("http://internal.example.com/"))).isPresent();
  }

  @Test
  void signature_matchesTheStandardWebhooksExample() {
    // The example of the Standard Webhooks specification (github.com/standard-webhooks).
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    String body = "{\"test\": 2432232314}";
    String signature =
        WebhookSignature.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    assertThat(
            WebhookSignature.verify(
                secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, "v1,bogus " + signature))
        .isTrue();
    assertThat(
            WebhookSignature.verify(
                secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, body, signature))
        .isFalse();
  }
}
