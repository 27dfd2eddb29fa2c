package com.mallquest.mall.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A reward a shopper bought with coins, with the code they show at the counter.
 *
 * @param id a UUID in text form
 * @param shopperId who redeemed
 * @param rewardId what
 * @param code {@value #CODE_LENGTH} characters of the RFC 4648 base32 alphabet, unique
 * @param priceCoins the coins paid
 * @param idempotencyKey the client's key, unique per shopper, see {@link IdempotencyKeys}
 * @param createdAt when
 */
public record Redemption(
    String id,
    ShopperId shopperId,
    RewardId rewardId,
    String code,
    long priceCoins,
    String idempotencyKey,
    Instant createdAt) {

  /** Characters in a code: 12 base32 characters are 60 random bits. */
  public static final int CODE_LENGTH = 12;

  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final Pattern CODE = Pattern.compile("[A-Z2-7]{" + CODE_LENGTH + "}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public Redemption {
    Checks.notNull(id, "id");
    Checks.notNull(shopperId, "shopperId");
    Checks.notNull(rewardId, "rewardId");
    Checks.notNull(code, "code");
    if (!CODE.matcher(code).matches()) {
      throw new InvalidInputException(
          "code", "code must be 12 base32 characters, was " + Checks.show(code));
    }
    if (priceCoins < 1) {
      throw new InvalidInputException(
          "priceCoins", "priceCoins must be positive, was " + priceCoins);
    }
    validateIdempotencyKey(idempotencyKey);
    Checks.notNull(createdAt, "createdAt");
  }

  /**
   * A new redemption of {@code reward} at its current price, with a random code; its id a UUID
   * ordered by {@code now} ({@link TimeOrderedIds}).
   */
  public static Redemption create(
      ShopperId shopperId, Reward reward, String idempotencyKey, Instant now) {
    Checks.notNull(reward, "reward");
    return new Redemption(
        TimeOrderedIds.at(now),
        shopperId,
        reward.id(),
        newCode(),
        reward.priceCoins(),
        idempotencyKey,
        now);
  }

  /** This redemption with a fresh code (after the database reported a clash). */
  public Redemption withNewCode() {
    return new Redemption(
        id, shopperId, rewardId, newCode(), priceCoins, idempotencyKey, createdAt);
  }

  /** A random code of {@value #CODE_LENGTH} base32 characters from a {@link SecureRandom}. */
  public static String newCode() {
    char[] code = new char[CODE_LENGTH];
    for (int i = 0; i < CODE_LENGTH; i++) {
      code[i] = BASE32[RANDOM.nextInt(BASE32.length)];
    }
    return new String(code);
  }

  /**
   * Checks an {@code Idempotency-Key}: see {@link IdempotencyKeys}.
   *
   * @return the key, unchanged
   * @throws InvalidInputException (field {@code "Idempotency-Key"}) otherwise
   */
  public static String validateIdempotencyKey(String key) {
    return IdempotencyKeys.require(key);
  }
}
