package com.mallquest.mall.adapter.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.apikey.ApiKeys;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.support.InMemoryApiKeys;
import com.mallquest.mall.support.InMemoryStores;
import com.mallquest.mall.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The remembered lookups never outlive an expiry, and a revocation here is forgotten at once. */
class ApiKeyAuthenticatorTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
  private final InMemoryApiKeys keys = new InMemoryApiKeys(clock);
  private final ApiKeys apiKeys = new ApiKeys(keys, new InMemoryStores(), clock);
  private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(apiKeys);

  @Test
  void authenticate_rememberedKey_expiresOnTimeAndIsLookedUpOnce() {
    ApiKeys.CreatedKey key =
        apiKeys.create(
            new ApiKeys.CreateCommand(
                "temp",
                ApiKeyRole.APP,
                Optional.empty(),
                Optional.of(clock.instant().plusSeconds(2)),
                Optional.empty()));

    assertThat(authenticator.authenticate(key.secret())).isPresent();
    assertThat(authenticator.authenticate(key.secret())).isPresent();
    assertThat(keys.lookups.get()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(authenticator.authenticate(key.secret())).isEmpty();
  }

  @Test
  void forget_afterRevoke_failsAtOnce_withoutForgetTheLookupIsStillRemembered() {
    ApiKeys.CreatedKey revokedHere = apiKeys.create("a", ApiKeyRole.APP, Optional.empty());
    ApiKeys.CreatedKey revokedElsewhere = apiKeys.create("b", ApiKeyRole.APP, Optional.empty());
    authenticator.authenticate(revokedHere.secret());
    authenticator.authenticate(revokedElsewhere.secret());

    apiKeys.revoke(revokedHere.record().id());
    authenticator.forget(revokedHere.record().id());
    keys.revoke(revokedElsewhere.record().id()); // as another instance would: this one is not told

    assertThat(authenticator.authenticate(revokedHere.secret())).isEmpty();
    assertThat(authenticator.authenticate(revokedElsewhere.secret())).isPresent();
    assertThat(ApiKeyAuthenticator.LOOKUP_TTL).isLessThanOrEqualTo(Duration.ofSeconds(5));
  }
}
