package com.mallquest.mall.application.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." +
 * body)>}, where the key is the base64 part of the secret after {@code whsec_}. A receiver
 * recomputes it from the {@code webhook-id} and {@code webhook-timestamp} headers and the raw body
 * (see docs/WEBHOOKS.md).
 */
public final class WebhookSignature {

  /** The prefix of every secret. */
  public static final String SECRET_PREFIX = "whsec_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {}

  /** A new secret: {@code whsec_} and 32 random bytes in base64. */
  public static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code webhook-signature} header's value for this message. */
  public static String sign(String secret, String id, long timestampSeconds, String body) {
    if (!secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("not a webhook secret");
    }
    byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest =
          mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /**
   * Whether {@code header} (space-separated signatures) holds a valid v1 signature of the message.
   */
  public static boolean verify(
      String secret, String id, long timestampSeconds, String body, String header) {
    byte[] expected = sign(secret, id, timestampSeconds, body).getBytes(StandardCharsets.UTF_8);
    for (String candidate : header.split(" ")) {
      if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
        return true;
      }
    }
    return false;
  }
}
