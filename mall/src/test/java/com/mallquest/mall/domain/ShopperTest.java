package com.mallquest.mall.domain;

import static com.mallquest.mall.domain.Fixtures.MALL_ZONE;
import static com.mallquest.mall.domain.Fixtures.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShopperTest {

  private static final ShopperId ID = ShopperId.of("shopper-1");

  @Test
  void register_allDefaults_startsFresh() {
    Shopper shopper = Shopper.register(ID, null, null, null, MALL_ZONE, REGISTERED);

    assertThat(shopper.id()).isEqualTo(ID);
    assertThat(shopper.displayName()).isEqualTo("shopper-1");
    assertThat(shopper.language()).isEqualTo("en");
    assertThat(shopper.timeZone()).isEqualTo(MALL_ZONE);
    assertThat(shopper.coins()).isZero();
    assertThat(shopper.xp()).isZero();
    assertThat(shopper.level()).isEqualTo(1);
    assertThat(shopper.vipTier()).isEqualTo(VipTier.BRONZE);
    assertThat(shopper.lifetimeSpendMinor()).isZero();
    assertThat(shopper.loginStreak()).isZero();
    assertThat(shopper.lastCheckIn()).isEmpty();
    assertThat(shopper.lastCheckInDate()).isNull();
    assertThat(shopper.createdAt()).isEqualTo(REGISTERED);
    assertThat(shopper.version()).isZero();
  }

  @Test
  void register_givenValues_strippedAndNormalized() {
    Shopper shopper =
        Shopper.register(
            ID, "  Ann Lee  ", "pt-br", ZoneId.of("Asia/Tokyo"), MALL_ZONE, REGISTERED);

    assertThat(shopper.displayName()).isEqualTo("Ann Lee");
    assertThat(shopper.language()).isEqualTo("pt-BR");
    assertThat(shopper.timeZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource({
    "en, en",
    "EN, en",
    "pt-BR, pt-BR",
    "zh-Hant-TW, zh-Hant-TW",
    "zh-hant-tw, zh-Hant-TW",
    "de-DE-u-co-phonebk, de-DE-u-co-phonebk",
    "i-klingon, tlh",
  })
  void register_wellFormedLanguage_storedNormalized(String tag, String normalized) {
    assertThat(Shopper.register(ID, "A", tag, null, MALL_ZONE, REGISTERED).language())
        .isEqualTo(normalized);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {"", " ", "english!", "x", "en_US", "x-private", "und", "-en", "en-", "123"})
  void register_malformedLanguage_rejectedNamingLanguage(String tag) {
    assertThatThrownBy(() -> Shopper.register(ID, "A", tag, null, MALL_ZONE, REGISTERED))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("language"))
        .hasMessageContaining("\"" + tag + "\"");
  }

  @Test
  void register_overlongLanguage_rejected() {
    String tag = "en-" + "a1b2c3d4-".repeat(10) + "x";

    assertThatThrownBy(() -> Shopper.register(ID, "A", tag, null, MALL_ZONE, REGISTERED))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("language"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {"", "   ", "a\u0000b", "line\nbreak", "tab\there", "bell\u0007", "\ud800x"})
  void register_badDisplayName_rejectedNamingDisplayName(String name) {
    assertThatThrownBy(() -> Shopper.register(ID, name, "en", null, MALL_ZONE, REGISTERED))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("displayName"))
        .hasMessageContaining("displayName");
  }

  @Test
  void register_displayNameLength_hundredCharactersAllowed() {
    String hundred = "n".repeat(100);

    assertThat(Shopper.register(ID, hundred, null, null, MALL_ZONE, REGISTERED).displayName())
        .isEqualTo(hundred);
    assertThat(
            Shopper.register(ID, " " + hundred + " ", null, null, MALL_ZONE, REGISTERED)
                .displayName())
        .isEqualTo(hundred);
    assertThatThrownBy(() -> Shopper.register(ID, hundred + "n", null, null, MALL_ZONE, REGISTERED))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("1-100");
  }

  @Test
  void register_unicodeDisplayName_accepted() {
    String name = "Zo\u00eb \u738b \ud83d\ude00";

    assertThat(Shopper.register(ID, name, null, null, MALL_ZONE, REGISTERED).displayName())
        .isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Kiritimati",
        "UTC",
        "Z",
        "+05:30",
        "Etc/GMT+12"
      })
  void parseZone_known_accepted(String id) {
    assertThat(Shopper.parseZone(id)).isEqualTo(ZoneId.of(id));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "Mars/Olympus_Mons",
        "Europe/Berlin!",
        "europe/berlin",
        "+25:00",
        "../../etc/passwd"
      })
  void parseZone_unknown_rejectedNamingTimeZone(String id) {
    assertThatThrownBy(() -> Shopper.parseZone(id))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("timeZone"))
        .hasMessageContaining("\"" + id + "\"");
  }

  @Test
  void parseZone_hugeOrNull_rejected() {
    assertThatThrownBy(() -> Shopper.parseZone("A/" + "b".repeat(10_000)))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    assertThatThrownBy(() -> Shopper.parseZone(null))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("timeZone"));
  }

  @Test
  void withProfile_someFields_replacesOnlyThose() {
    Shopper shopper = Fixtures.shopper().checkIn(REGISTERED, Fixtures.RULES).shopper();

    Shopper renamed = shopper.withProfile(Optional.of(" Bea "), Optional.empty(), Optional.empty());
    Shopper moved =
        shopper.withProfile(Optional.empty(), Optional.of("fr-CA"), Optional.of(ZoneOffset.UTC));

    assertThat(renamed.displayName()).isEqualTo("Bea");
    assertThat(renamed.language()).isEqualTo(shopper.language());
    assertThat(renamed.timeZone()).isEqualTo(shopper.timeZone());
    assertThat(moved.displayName()).isEqualTo(shopper.displayName());
    assertThat(moved.language()).isEqualTo("fr-CA");
    assertThat(moved.timeZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(moved.coins()).isEqualTo(shopper.coins());
    assertThat(moved.loginStreak()).isEqualTo(shopper.loginStreak());
    assertThat(moved.lastCheckIn()).isEqualTo(shopper.lastCheckIn());
    assertThat(moved.version()).isEqualTo(shopper.version());
    assertThat(shopper.withProfile(Optional.empty(), Optional.empty(), Optional.empty()))
        .isEqualTo(shopper);
  }

  @Test
  void withProfile_invalidValue_rejected() {
    Shopper shopper = Fixtures.shopper();

    assertThatThrownBy(
            () -> shopper.withProfile(Optional.of(""), Optional.empty(), Optional.empty()))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("displayName"));
    assertThatThrownBy(
            () -> shopper.withProfile(Optional.empty(), Optional.of("english!"), Optional.empty()))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("language"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "coins, -1, 0, 1, 0, 0, 0",
    "xp, 0, -1, 1, 0, 0, 0",
    "level, 0, 0, 0, 0, 0, 0",
    "lifetimeSpendMinor, 0, 0, 1, -1, 0, 0",
    "loginStreak, 0, 0, 1, 0, -1, 0",
    "version, 0, 0, 1, 0, 0, -1",
  })
  void constructor_negativeCounter_rejectedNamingField(
      String field, long coins, long xp, int level, long spend, int streak, long version) {
    assertThatThrownBy(
            () ->
                new Shopper(
                    ID,
                    "A",
                    "en",
                    MALL_ZONE,
                    coins,
                    xp,
                    level,
                    VipTier.BRONZE,
                    spend,
                    streak,
                    null,
                    REGISTERED,
                    version))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(field);
  }

  @Test
  void constructor_missingRequired_rejectedNamingField() {
    assertThatThrownBy(
            () ->
                new Shopper(
                    ID, "A", "en", null, 0, 0, 1, VipTier.BRONZE, 0, 0, null, REGISTERED, 0))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("timeZone"));
    assertThatThrownBy(
            () -> new Shopper(ID, "A", "en", MALL_ZONE, 0, 0, 1, null, 0, 0, null, REGISTERED, 0))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("vipTier"));
    assertThatThrownBy(
            () ->
                new Shopper(ID, "A", "en", MALL_ZONE, 0, 0, 1, VipTier.BRONZE, 0, 0, null, null, 0))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("createdAt"));
  }
}
