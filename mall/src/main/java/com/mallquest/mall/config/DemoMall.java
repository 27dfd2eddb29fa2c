package com.mallquest.mall.config;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.companion.BuyCompanion;
import com.mallquest.mall.application.companion.CompanionCatalog;
import com.mallquest.mall.application.companion.CompanionGrowth;
import com.mallquest.mall.application.mission.ManageMissions;
import com.mallquest.mall.application.mission.ProgressTracker;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.port.MissionRepository;
import com.mallquest.mall.application.port.PurchaseRepository;
import com.mallquest.mall.application.port.RedemptionRepository;
import com.mallquest.mall.application.port.RefundRepository;
import com.mallquest.mall.application.port.RewardRepository;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.StoreCache;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.application.purchase.PurchaseCapGuard;
import com.mallquest.mall.application.purchase.RecordPurchase;
import com.mallquest.mall.application.purchase.RefundPurchase;
import com.mallquest.mall.application.reward.RedeemReward;
import com.mallquest.mall.application.reward.RewardCatalog;
import com.mallquest.mall.application.shopper.CheckIn;
import com.mallquest.mall.application.shopper.RegisterShopper;
import com.mallquest.mall.application.shopper.ShopperBlocks;
import com.mallquest.mall.application.store.StoreCatalog;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.EvolutionStage;
import com.mallquest.mall.domain.GoalKind;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Mission;
import com.mallquest.mall.domain.MissionGoal;
import com.mallquest.mall.domain.MissionReward;
import com.mallquest.mall.domain.MissionWindow;
import com.mallquest.mall.domain.Rarity;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.WindowKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds a sample mall into an empty database ({@code --mallquest.demo=true}): a dozen stores,
 * shoppers in five languages, missions, rewards and companion species, then 30 days of check-ins,
 * purchases, a few refunds, companion purchases and redemptions, all through the application's own
 * use cases, so every rule holds (caps, missions, ledgers; reconciliation finds nothing). The
 * time-dependent use cases are built here over a clock the seeder moves through the 30 days; the
 * repositories, caches and catalogues are the service's own. A database that has shoppers is left
 * alone. The same seed gives the same mall.
 */
public final class DemoMall {

  private static final Logger log = LoggerFactory.getLogger(DemoMall.class);
  private static final int DAYS = 30;
  private static final long SEED = 15L;

  /**
   * What the seeding did.
   *
   * @param refused true if the database had shoppers and nothing was written
   * @param shoppers shoppers registered
   * @param purchases purchases recorded
   * @param checkIns check-ins recorded
   * @param refunds purchases refunded
   * @param companions companions bought
   * @param redemptions rewards redeemed
   */
  public record Result(
      boolean refused,
      int shoppers,
      int purchases,
      int checkIns,
      int refunds,
      int companions,
      int redemptions) {}

  /**
   * The service's parts the seeder uses; the time-dependent use cases are rebuilt over the demo
   * clock.
   */
  public record Parts(
      ShopperRepository shoppers,
      StoreRepository stores,
      PurchaseRepository purchases,
      RewardRepository rewards,
      RedemptionRepository redemptions,
      RefundRepository refunds,
      CompanionRepository companionRepository,
      MissionRepository missionProgress,
      MissionCache missionCache,
      ShopperCache cache,
      StoreCache storeCache,
      Changes changes,
      Transactions transactions,
      MallSettings settings,
      MallQuestProperties properties,
      PurchaseCapGuard caps,
      ShopperBlocks blocks,
      StoreCatalog storeCatalog,
      RewardCatalog rewardCatalog,
      CompanionCatalog speciesCatalog,
      ManageMissions missions) {}

  /** A clock the seeder sets. */
  static final class DemoClock extends Clock {
    private volatile Instant now;

    DemoClock(Instant start) {
      this.now = start;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private record Language(String tag, String zone, List<String> first, List<String> last) {}

  private static final List<Language> LANGUAGES =
      List.of(
          new Language(
              "en",
              "Europe/London",
              List.of("Ada", "Grace", "Alan", "Mary", "James", "Olivia", "Noah", "Emma"),
              List.of(
                  "Lovelace", "Hopper", "Turing", "Smith", "Brown", "Taylor", "Wilson", "Clarke")),
          new Language(
              "es",
              "Europe/Madrid",
              List.of("Lucía", "Mateo", "Sofía", "Hugo", "Martina", "Pablo", "Valeria"),
              List.of("García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro")),
          new Language(
              "fr",
              "Europe/Paris",
              List.of("Chloé", "Louis", "Camille", "Jules", "Léa", "Gabriel", "Manon"),
              List.of("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard")),
          new Language(
              "ar",
              "Asia/Dubai",
              List.of("ليلى", "عمر", "فاطمة", "يوسف", "مريم", "خالد", "نور"),
              List.of("الهاشمي", "المنصوري", "الشامسي", "الكعبي", "النعيمي", "الظاهري")),
          new Language(
              "zh",
              "Asia/Shanghai",
              List.of("伟", "芳", "娜", "敏", "静", "磊", "洋", "婷"),
              List.of("王", "李", "张", "刘", "陈", "杨", "黄", "赵")));

  private final Parts parts;
  private final int shopperCount;
  private final Clock realClock;

  /**
   * @param parts the service's repositories, caches and catalogues
   * @param shopperCount how many shoppers to register (a few thousand by default)
   * @param realClock the service's clock: the 30 days end now
   */
  public DemoMall(Parts parts, int shopperCount, Clock realClock) {
    if (shopperCount < 5) {
      throw new IllegalArgumentException(
          "a demo mall needs at least 5 shoppers, was " + shopperCount);
    }
    this.parts = parts;
    this.shopperCount = shopperCount;
    this.realClock = realClock;
  }

  /** Seeds the mall, unless the database has shoppers. */
  public Result seed() {
    long existing = parts.shoppers().count();
    if (existing > 0) {
      log.warn(
          "demo not seeded: the database has {} shoppers already (the demo seeds an empty database only)",
          existing);
      return new Result(true, 0, 0, 0, 0, 0, 0);
    }
    Instant end = realClock.instant();
    LocalDate today = LocalDate.ofInstant(end, ZoneOffset.UTC);
    Instant first = today.minusDays(DAYS - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
    DemoClock clock = new DemoClock(first);
    Parts p = parts;
    MallQuestProperties.Rules rules = p.properties().rules();
    CompanionGrowth companions =
        new CompanionGrowth(
            p.companionRepository(),
            rules.companionMilestonesOrEmpty(),
            rules.companionCheckInXp());
    BuyCompanion buyCompanion =
        new BuyCompanion(
            p.companionRepository(), p.shoppers(), p.changes(), p.transactions(), clock);
    ProgressTracker progress =
        new ProgressTracker(
            p.missionCache(), p.missionProgress(), p.shoppers(), p.settings(), companions);
    RegisterShopper register =
        new RegisterShopper(p.shoppers(), p.changes(), p.transactions(), p.settings(), clock);
    CheckIn checkIn =
        new CheckIn(
            p.shoppers(), p.changes(), p.transactions(), p.settings(), clock, progress, p.blocks());
    RecordPurchase purchase =
        new RecordPurchase(
            p.shoppers(),
            p.cache(),
            p.storeCache(),
            p.purchases(),
            p.changes(),
            p.transactions(),
            p.settings(),
            clock,
            p.caps(),
            progress);
    RefundPurchase refund =
        new RefundPurchase(
            p.shoppers(),
            p.purchases(),
            p.refunds(),
            p.changes(),
            p.transactions(),
            p.settings(),
            clock);
    RedeemReward redeem =
        new RedeemReward(
            p.shoppers(),
            p.rewards(),
            p.redemptions(),
            p.changes(),
            p.transactions(),
            clock,
            p.blocks());

    log.info("demo: seeding a sample mall: {} shoppers, {} days", shopperCount, DAYS);
    List<String> stores = catalogue();
    Random random = new Random(SEED);
    List<String> shoppers = new ArrayList<>();
    int purchases = 0;
    int checkIns = 0;
    int refunds = 0;
    int bought = 0;
    int redeemed = 0;
    int receipt = 0;
    for (int day = 0; day < DAYS; day++) {
      Instant dayStart = first.plus(day, ChronoUnit.DAYS);
      // Shoppers join over the first three weeks, most of them early.
      int target =
          (int) Math.min(shopperCount, Math.ceil(shopperCount * Math.min(1.0, (day + 1) / 21.0)));
      while (shoppers.size() < target) {
        clock.set(at(dayStart, 8 * 3600 + random.nextInt(3600), end));
        Language language = LANGUAGES.get(shoppers.size() % LANGUAGES.size());
        String name =
            language.tag().equals("zh")
                ? pick(random, language.last()) + pick(random, language.first())
                : pick(random, language.first()) + " " + pick(random, language.last());
        Shopper s =
            register.register(
                new RegisterShopper.Command(
                    Optional.of(String.format("demo-%05d", shoppers.size() + 1)), Optional.of(name),
                    Optional.of(language.tag()), Optional.of(language.zone())));
        shoppers.add(s.id().value());
      }
      for (String shopper : shoppers) {
        double habit =
            0.15 + (Math.abs(shopper.hashCode()) % 50) / 100.0; // 0.15-0.65: some are regulars
        if (random.nextDouble() < habit) {
          clock.set(at(dayStart, 9 * 3600 + random.nextInt(2 * 3600), end));
          checkIn.checkIn(shopper);
          checkIns++;
        }
        if (random.nextDouble() < habit * 0.4) {
          clock.set(at(dayStart, 11 * 3600 + random.nextInt(10 * 3600), end));
          long amount = 500 + (long) (random.nextDouble() * random.nextDouble() * 30_000);
          String store = stores.get(random.nextInt(stores.size()));
          RecordPurchase.Result r =
              purchase.record(
                  RecordPurchase.Command.parse(
                      shopper,
                      store,
                      "D" + day + "-" + (++receipt),
                      amount,
                      p.settings().currency().getCurrencyCode(),
                      p.settings().currency()));
          purchases++;
          if (random.nextDouble() < 0.01) {
            clock.set(
                clock.instant().plus(Duration.ofMinutes(30)).isAfter(end)
                    ? end
                    : clock.instant().plus(Duration.ofMinutes(30)));
            refund.refund(r.purchase().id());
            refunds++;
          }
        }
      }
      // Weekly: some shoppers spend their coins on a companion or a reward.
      if (day % 7 == 6 || day == DAYS - 1) {
        for (String shopper : shoppers) {
          clock.set(at(dayStart, 20 * 3600 + random.nextInt(3600), end));
          double roll = random.nextDouble();
          try {
            if (roll < 0.12) {
              buyCompanion.buy(
                  shopper,
                  SPECIES.get(random.nextInt(SPECIES.size())),
                  UUID.randomUUID().toString());
              bought++;
            } else if (roll < 0.35) {
              redeem.redeem(
                  shopper,
                  REWARDS.get(random.nextInt(REWARDS.size())),
                  UUID.randomUUID().toString());
              redeemed++;
            }
          } catch (ConflictException tooFewCoinsOrOutOfStock) {
            // The rules said no (balance, stock, tier): as in a real mall.
          }
        }
      }
      log.info(
          "demo: day {} of {} ({}): {} shoppers, {} purchases, {} check-ins",
          day + 1,
          DAYS,
          dayStart.toString().substring(0, 10),
          shoppers.size(),
          purchases,
          checkIns);
    }
    Result result =
        new Result(false, shoppers.size(), purchases, checkIns, refunds, bought, redeemed);
    log.info("demo: seeded {}", result);
    return result;
  }

  /**
   * {@code secondsIntoDay} after the day's start, but never after {@code end} (today's day is not
   * over).
   */
  private static Instant at(Instant dayStart, int secondsIntoDay, Instant end) {
    Instant t = dayStart.plusSeconds(secondsIntoDay);
    return t.isAfter(end) ? end.minusSeconds(1) : t;
  }

  private static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static final List<String> SPECIES = List.of("fox", "owl", "dragon");
  private static final List<String> REWARDS = List.of("coffee", "parking", "cinema", "spa");

  /** Stores, species, missions and rewards; returns the store ids. */
  private List<String> catalogue() {
    String[][] stores = {
      {"sneaker-hub", "Sneaker Hub", "fashion", "L1", "1.5"},
      {"urban-threads", "Urban Threads", "fashion", "L1", "1"},
      {"noodle-bar", "Noodle Bar", "food", "G", "1"},
      {"cafe-lumen", "Café Lumen", "food", "G", "1.2"},
      {"pixel-planet", "Pixel Planet", "electronics", "L2", "0.8"},
      {"volt", "Volt Electronics", "electronics", "L2", "1"},
      {"glow", "Glow Beauty", "beauty", "L1", "1.3"},
      {"casa", "Casa Home", "home", "L3", "1"},
      {"starlight", "Starlight Cinema", "entertainment", "L3", "2"},
      {"arcade", "Arcade 88", "entertainment", "L3", "1"},
      {"fix-it", "Fix-It Services", "services", "B1", "1"},
      {"kiosk", "The Kiosk", "other", "G", "1"}
    };
    List<String> ids = new ArrayList<>();
    for (String[] s : stores) {
      parts
          .storeCatalog()
          .create(
              new StoreCatalog.CreateCommand(
                  Optional.of(s[0]),
                  s[1],
                  s[2],
                  s[3],
                  Optional.of(new BigDecimal(s[4])),
                  Optional.of(true)));
      ids.add(s[0]);
    }
    species("fox", Rarity.COMMON, 300L, texts("Fox", "Zorro", "Renard", "ثعلب", "狐狸"));
    species("owl", Rarity.RARE, 800L, texts("Owl", "Búho", "Hibou", "بومة", "猫头鹰"));
    species("dragon", Rarity.EPIC, 2_000L, texts("Dragon", "Dragón", "Dragon", "تنين", "龙"));
    mission(
        "weekly-spender",
        GoalKind.SPEND_TOTAL,
        20_000,
        WindowKind.WEEKLY,
        new MissionReward(150, 100, null),
        texts(
            "Spend 200 this week",
            "Gasta 200 esta semana",
            "Dépensez 200 cette semaine",
            "أنفق 200 هذا الأسبوع",
            "本周消费200"));
    mission(
        "daily-double",
        GoalKind.PURCHASE_COUNT,
        2,
        WindowKind.DAILY,
        new MissionReward(30, 20, null),
        texts(
            "Two purchases today",
            "Dos compras hoy",
            "Deux achats aujourd'hui",
            "عمليتا شراء اليوم",
            "今天购物两次"));
    mission(
        "explorer",
        GoalKind.DISTINCT_STORES,
        4,
        WindowKind.MONTHLY,
        new MissionReward(200, 150, "owl"),
        texts(
            "Shop at 4 stores this month",
            "Compra en 4 tiendas este mes",
            "Achetez dans 4 boutiques ce mois-ci",
            "تسوق في 4 متاجر هذا الشهر",
            "本月在4家店购物"));
    mission(
        "streak-7",
        GoalKind.CHECKIN_STREAK,
        7,
        WindowKind.MONTHLY,
        new MissionReward(100, 70, "fox"),
        texts(
            "Check in 7 days in a row",
            "Registra 7 días seguidos",
            "Pointez 7 jours de suite",
            "سجل حضورك 7 أيام متتالية",
            "连续签到7天"));
    reward(
        "coffee",
        150L,
        null,
        texts("Free coffee", "Café gratis", "Café offert", "قهوة مجانية", "免费咖啡"));
    reward(
        "parking",
        300L,
        null,
        texts("Free parking", "Aparcamiento gratis", "Parking offert", "موقف مجاني", "免费停车"));
    reward(
        "cinema",
        900L,
        200L,
        texts("Cinema ticket", "Entrada de cine", "Place de cinéma", "تذكرة سينما", "电影票"));
    reward(
        "spa",
        2_500L,
        20L,
        texts("Spa afternoon", "Tarde de spa", "Après-midi spa", "جلسة سبا", "水疗下午"));
    return ids;
  }

  private static Map<String, String> texts(String en, String es, String fr, String ar, String zh) {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("en", en);
    texts.put("es", es);
    texts.put("fr", fr);
    texts.put("ar", ar);
    texts.put("zh", zh);
    return texts;
  }

  private void species(String id, Rarity rarity, Long price, Map<String, String> names) {
    List<EvolutionStage> stages =
        List.of(
            new EvolutionStage(
                LocalizedText.english("Baby " + names.get("en").toLowerCase(java.util.Locale.ROOT)),
                0),
            new EvolutionStage(
                LocalizedText.english(
                    "Young " + names.get("en").toLowerCase(java.util.Locale.ROOT)),
                200),
            new EvolutionStage(
                LocalizedText.english(
                    "Grand " + names.get("en").toLowerCase(java.util.Locale.ROOT)),
                1_000));
    parts
        .speciesCatalog()
        .create(
            new CompanionSpecies(
                id,
                LocalizedText.of(names, "name", CompanionSpecies.MAX_NAME),
                rarity,
                price,
                stages,
                0));
  }

  private void mission(
      String id,
      GoalKind kind,
      long target,
      WindowKind window,
      MissionReward reward,
      Map<String, String> titles) {
    parts
        .missions()
        .create(
            new Mission(
                id,
                LocalizedText.of(titles, "title", Mission.MAX_TITLE),
                LocalizedText.of(titles, "description", Mission.MAX_DESCRIPTION),
                new MissionGoal(kind, target, null, null),
                MissionWindow.recurring(window),
                Set.of(),
                reward,
                true,
                0));
  }

  private void reward(String id, Long price, Long stock, Map<String, String> names) {
    parts
        .rewardCatalog()
        .create(
            new RewardCatalog.Command(
                id,
                names,
                names,
                price,
                Optional.ofNullable(stock),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(true)));
  }
}
