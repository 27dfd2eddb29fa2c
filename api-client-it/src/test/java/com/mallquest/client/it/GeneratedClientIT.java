package com.mallquest.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mallquest.client.ApiClient;
import com.mallquest.client.ApiException;
import com.mallquest.client.ApiResponse;
import com.mallquest.client.api.AnalyticsApi;
import com.mallquest.client.api.ApiKeysApi;
import com.mallquest.client.api.CompanionsApi;
import com.mallquest.client.api.LeaderboardsApi;
import com.mallquest.client.api.MissionsApi;
import com.mallquest.client.api.OperationsApi;
import com.mallquest.client.api.PurchasesApi;
import com.mallquest.client.api.RedemptionsApi;
import com.mallquest.client.api.RewardsApi;
import com.mallquest.client.api.ShoppersApi;
import com.mallquest.client.api.StoresApi;
import com.mallquest.client.model.BoardView;
import com.mallquest.client.model.BuyRequest;
import com.mallquest.client.model.BuyResponse;
import com.mallquest.client.model.CacheStats;
import com.mallquest.client.model.CheckInResponse;
import com.mallquest.client.model.CreateKeyRequest;
import com.mallquest.client.model.CreateShopperRequest;
import com.mallquest.client.model.CreateStoreRequest;
import com.mallquest.client.model.CreatedKeyResponse;
import com.mallquest.client.model.GoalRequest;
import com.mallquest.client.model.ImportResponse;
import com.mallquest.client.model.MissionRequest;
import com.mallquest.client.model.MissionRewardRequest;
import com.mallquest.client.model.MissionView;
import com.mallquest.client.model.OverviewView;
import com.mallquest.client.model.PageLedgerView;
import com.mallquest.client.model.PageRedemptionView;
import com.mallquest.client.model.Problem;
import com.mallquest.client.model.PurchaseRequest;
import com.mallquest.client.model.PurchaseResponse;
import com.mallquest.client.model.RedemptionRequest;
import com.mallquest.client.model.RedemptionResponse;
import com.mallquest.client.model.RefundResponse;
import com.mallquest.client.model.Report;
import com.mallquest.client.model.RewardRequest;
import com.mallquest.client.model.RewardView;
import com.mallquest.client.model.ShopperView;
import com.mallquest.client.model.SpeciesRequest;
import com.mallquest.client.model.SpeciesView;
import com.mallquest.client.model.StageRequest;
import com.mallquest.client.model.StoreView;
import com.mallquest.client.model.UpdateStoreRequest;
import com.mallquest.client.model.WindowRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A client generated from {@code docs/openapi.json} by openapi-generator (Java, java.net.http)
 * against the packaged service jar: the walk-through of docs/API.md, then one call or more per
 * operation group. The client's JSON reader refuses fields the document does not list, so an
 * undocumented field fails here too. Tests run in order: later ones use what the walk-through
 * created.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratedClientIT {

  private static final String ADMIN_KEY = "client-it-admin-key-0123456789";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static Process service;
  private static Path log;
  private static int port;
  private static ApiClient admin;

  @BeforeAll
  static void startTheJar() throws Exception {
    Path jar = Path.of(System.getProperty("mallquest.jar", "../mall/target/mallquest.jar"));
    assertThat(jar).as("the packaged service (run after mall's package phase)").exists();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    log = Files.createTempFile("mallquest-client-it", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:mem:client-it;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--mallquest.security.admin-key=" + ADMIN_KEY)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().remove("MALLQUEST_REDIS_URL");
    service = pb.start();
    await("the service on port " + port)
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(200))
        .until(GeneratedClientIT::ready);
    admin = client(ADMIN_KEY);
  }

  @AfterAll
  static void stopTheJar() throws InterruptedException {
    if (service != null) {
      service.destroy();
      if (!service.waitFor(20, TimeUnit.SECONDS)) {
        service.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  private static boolean ready() throws IOException {
    if (!service.isAlive()) {
      throw new AssertionError("the service exited:\n" + Files.readString(log));
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
              .timeout(Duration.ofSeconds(5))
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A generated client with a key; it refuses any field the document does not declare. */
  private static ApiClient client(String key) {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + port);
    client.setReadTimeout(Duration.ofSeconds(30));
    client.setRequestInterceptor(request -> request.header("X-Api-Key", key));
    ObjectMapper strict =
        client
            .getObjectMapper()
            .copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    client.setObjectMapper(strict);
    return client;
  }

  @Test
  @Order(0)
  void theJarServesTheDocumentTheClientWasGeneratedFrom() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
            .timeout(Duration.ofSeconds(30))
            .build();
    String served = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    ObjectMapper json = new ObjectMapper();
    JsonNode committed =
        json.readTree(
            Path.of(System.getProperty("openapi.document", "../docs/openapi.json")).toFile());
    assertThat(json.readTree(served)).isEqualTo(committed);
  }

  /** The walk-through of docs/API.md, step by step. */
  @Test
  @Order(1)
  void readmeWalkThrough() throws ApiException {
    StoresApi stores = new StoresApi(admin);
    ShoppersApi shoppers = new ShoppersApi(admin);
    PurchasesApi purchases = new PurchasesApi(admin);

    ApiResponse<StoreView> store =
        stores.createStoreWithHttpInfo(
            new CreateStoreRequest()
                .id("sneakers")
                .name("Sneaker Hub")
                .category("fashion")
                .floor("L2")
                .coinMultiplier(new BigDecimal("1.5")),
            null);
    assertThat(store.getStatusCode()).isEqualTo(201);
    assertThat(store.getData().getCoinMultiplier()).isEqualByComparingTo("1.5");

    ApiResponse<ShopperView> ada =
        shoppers.createShopperWithHttpInfo(
            null, new CreateShopperRequest().id("ada").displayName("Ada").language("en"));
    assertThat(ada.getStatusCode()).isEqualTo(201);

    PurchaseRequest receipt =
        new PurchaseRequest()
            .shopperId("ada")
            .storeId("sneakers")
            .receiptId("R-1001")
            .amountMinor(12999L)
            .currency("USD");
    ApiResponse<PurchaseResponse> first = purchases.recordPurchaseWithHttpInfo(receipt, null, null);
    assertThat(first.getStatusCode()).isEqualTo(201);
    assertThat(first.getData().getCoinsEarned()).isEqualTo(194);
    assertThat(first.getData().getXpEarned()).isEqualTo(129);
    assertThat(first.getData().getReplayed()).isFalse();
    ApiResponse<PurchaseResponse> again = purchases.recordPurchaseWithHttpInfo(receipt, null, null);
    assertThat(again.getStatusCode()).isEqualTo(200);
    assertThat(again.getData().getReplayed()).isTrue();
    assertThat(again.getData().getShopper().getCoins()).as("nothing credited twice").isEqualTo(194);

    ApiResponse<CheckInResponse> checkIn = shoppers.checkInWithHttpInfo("ada", null, null);
    assertThat(checkIn.getStatusCode()).isEqualTo(201);
    assertThat(checkIn.getData().getStreak()).isEqualTo(1);
    assertThat(checkIn.getData().getCoinsAwarded()).isEqualTo(5);
    assertThat(checkIn.getData().getAlreadyCheckedIn()).isFalse();
    ApiResponse<CheckInResponse> checkInAgain = shoppers.checkInWithHttpInfo("ada", null, null);
    assertThat(checkInAgain.getStatusCode()).isEqualTo(200);
    assertThat(checkInAgain.getData().getAlreadyCheckedIn()).isTrue();

    ShopperView profile = shoppers.getShopper("ada");
    assertThat(profile.getCoins()).isEqualTo(199);
    assertThat(profile.getXp()).isEqualTo(129);
    PageLedgerView ledger = shoppers.listShopperLedger("ada", null, null);
    assertThat(ledger.getItems()).extracting(l -> l.getDelta()).containsExactly(5L, 194L);
    Map<String, CacheStats> stats = new OperationsApi(admin).getCacheStats();
    assertThat(stats.get("shoppers").getMemoryCacheSize()).isGreaterThanOrEqualTo(1);
    assertThat(stats.get("shoppers").getRedisAvailable()).isFalse();
  }

  @Test
  @Order(2)
  void shoppers_updateListAndImport() throws ApiException {
    ShoppersApi shoppers = new ShoppersApi(admin);
    assertThat(
            shoppers
                .updateShopper(
                    "ada",
                    new com.mallquest.client.model.UpdateShopperRequest().timeZone("Europe/Madrid"))
                .getTimeZone())
        .isEqualTo("Europe/Madrid");
    assertThat(shoppers.listShopperPurchases("ada", 10, null).getItems())
        .singleElement()
        .satisfies(p -> assertThat(p.getReceiptId()).isEqualTo("R-1001"));
    ImportResponse imported =
        shoppers.importShoppers(
            "{\"id\":\"grace\",\"displayName\":\"Grace\"}\n" + "{\"id\":\"ada\"}\n");
    assertThat(imported.getCreated()).isEqualTo(1);
    assertThat(imported.getSkipped()).isEqualTo(1);
    assertThat(shoppers.getShopper("grace").getDisplayName()).isEqualTo("Grace");

    ApiException missing =
        catchThrowableOfType(ApiException.class, () -> shoppers.getShopper("nobody"));
    assertThat(missing.getCode()).isEqualTo(404);
    Problem problem =
        admin.getObjectMapper().convertValue(readTree(missing.getResponseBody()), Problem.class);
    assertThat(problem.getStatus()).isEqualTo(404);
    assertThat(problem.getType()).isEqualTo("about:blank");
    assertThat(problem.getInstance()).isEqualTo("/api/v1/shoppers/nobody");
  }

  @Test
  @Order(3)
  void stores_listReadAndChange() throws ApiException {
    StoresApi stores = new StoresApi(admin);
    assertThat(stores.listStores(10, null).getItems())
        .extracting(StoreView::getId)
        .contains("sneakers");
    assertThat(stores.getStore("sneakers").getName()).isEqualTo("Sneaker Hub");
    assertThat(stores.updateStore("sneakers", new UpdateStoreRequest().floor("L3")).getFloor())
        .isEqualTo("L3");
  }

  @Test
  @Order(4)
  void missions_rewardCoinsAndXpRoundTrip() throws ApiException {
    MissionsApi missions = new MissionsApi(admin);
    MissionRequest spend =
        new MissionRequest()
            .id("spend-100")
            .title(Map.of("en", "Big spender"))
            .description(Map.of("en", "Spend 100.00"))
            .goal(new GoalRequest().kind("SPEND_TOTAL").target(10000L))
            .window(new WindowRequest().kind("WEEKLY"))
            .reward(new MissionRewardRequest().coins(100L).xp(50L))
            .active(true);
    ApiResponse<MissionView> created = missions.createMissionWithHttpInfo(spend, null, null);
    assertThat(created.getStatusCode()).isEqualTo(201);
    MissionView read = missions.getMission("spend-100", null);
    assertThat(read.getReward().getCoins()).isEqualTo(100);
    assertThat(read.getReward().getXp()).isEqualTo(50);
    assertThat(missions.listMissions(null)).extracting(MissionView::getId).contains("spend-100");
    assertThat(missions.listShopperMissions("ada", null))
        .extracting(m -> m.getMissionId())
        .contains("spend-100");
    assertThat(
            missions
                .replaceMission(
                    "spend-100", spend.reward(new MissionRewardRequest().coins(120L).xp(60L)), null)
                .getReward()
                .getCoins())
        .isEqualTo(120);
  }

  @Test
  @Order(5)
  void companions_defineBuyAndActivate() throws ApiException {
    CompanionsApi companions = new CompanionsApi(admin);
    SpeciesRequest fox =
        new SpeciesRequest()
            .id("fox")
            .name(Map.of("en", "Fox"))
            .rarity("COMMON")
            .priceCoins(50L)
            .stages(
                List.of(
                    new StageRequest().name(Map.of("en", "Kit")).xpRequired(0L),
                    new StageRequest().name(Map.of("en", "Fox")).xpRequired(500L)));
    SpeciesView created = companions.createSpecies(fox, null, null);
    assertThat(created.getPriceCoins()).isEqualTo(50);
    assertThat(companions.listSpecies(null)).extracting(SpeciesView::getId).contains("fox");
    assertThat(companions.replaceSpecies("fox", fox.priceCoins(40L), null).getPriceCoins())
        .isEqualTo(40);
    String key = UUID.randomUUID().toString();
    ApiResponse<BuyResponse> bought =
        companions.buyCompanionWithHttpInfo("ada", key, new BuyRequest().speciesId("fox"), null);
    assertThat(bought.getStatusCode()).isEqualTo(201);
    assertThat(bought.getData().getShopper().getCoins()).isEqualTo(199 - 40);
    String companionId = bought.getData().getCompanion().getCompanionId();
    assertThat(companions.listShopperCompanions("ada", null))
        .extracting(c -> c.getCompanionId())
        .containsExactly(companionId);
    assertThat(companions.activateCompanion("ada", companionId, null, null).getActive()).isTrue();
  }

  @Test
  @Order(6)
  void rewardsAndRedemptions() throws ApiException {
    RewardsApi rewards = new RewardsApi(admin);
    RewardRequest coffee =
        new RewardRequest()
            .id("free-coffee")
            .name(Map.of("en", "Free coffee"))
            .description(Map.of("en", "One coffee at the food court"))
            .priceCoins(20L)
            .stock(5L)
            .active(true);
    assertThat(rewards.createRewardWithHttpInfo(coffee, null, null).getStatusCode()).isEqualTo(201);
    assertThat(rewards.getReward("free-coffee", null).getName()).isEqualTo("Free coffee");
    assertThat(rewards.listRewards(10, null, null).getItems())
        .extracting(RewardView::getId)
        .contains("free-coffee");
    assertThat(rewards.replaceReward("free-coffee", coffee.priceCoins(25L), null).getPriceCoins())
        .isEqualTo(25);

    RedemptionsApi redemptions = new RedemptionsApi(admin);
    String key = UUID.randomUUID().toString();
    ApiResponse<RedemptionResponse> redeemed =
        redemptions.redeemRewardWithHttpInfo(
            "ada", key, new RedemptionRequest().rewardId("free-coffee"));
    assertThat(redeemed.getStatusCode()).isEqualTo(201);
    assertThat(redeemed.getData().getCode()).hasSize(12);
    PageRedemptionView page = redemptions.listRedemptions("ada", 10, null);
    assertThat(page.getItems())
        .extracting(r -> r.getRedemptionId())
        .containsExactly(redeemed.getData().getRedemptionId());
  }

  @Test
  @Order(7)
  void refund_leaderboardsAnalyticsAndReconciliation() throws ApiException {
    String purchaseId =
        new ShoppersApi(admin)
            .listShopperPurchases("ada", 1, null)
            .getItems()
            .get(0)
            .getPurchaseId();
    LeaderboardsApi boards = new LeaderboardsApi(admin);
    BoardView week = boards.getLeaderboard("week", 10);
    assertThat(week.getEntries()).extracting(e -> e.getShopperId()).contains("ada");
    assertThat(boards.getLeaderboardPlace("all-time", "ada", 2).getShopper().getShopperId())
        .isEqualTo("ada");

    RefundResponse refund = new PurchasesApi(admin).refundPurchase(purchaseId, null, null);
    assertThat(refund.getCoinsReversed() + refund.getCoinsShortfall()).isEqualTo(194);

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    AnalyticsApi analytics = new AnalyticsApi(admin);
    OverviewView overview = analytics.getAnalyticsOverview(today.minusDays(1), today.plusDays(1));
    assertThat(overview.getTotals().getShoppers()).isGreaterThanOrEqualTo(2);
    assertThat(analytics.getStoreAnalytics(today.minusDays(1), today.plusDays(1)).getStores())
        .extracting(s -> s.getStoreId())
        .contains("sneakers");

    Report report = new OperationsApi(admin).getReconciliation();
    assertThat(report.getMismatchCount()).isZero();
  }

  @Test
  @Order(8)
  void apiKeys_createUseListAndRevoke() throws ApiException {
    ApiKeysApi keys = new ApiKeysApi(admin);
    ApiResponse<CreatedKeyResponse> created =
        keys.createApiKeyWithHttpInfo(
            new CreateKeyRequest().name("till 3").role("store").storeId("sneakers"));
    assertThat(created.getStatusCode()).isEqualTo(201);
    ApiClient till = client(created.getData().getKey());
    ApiResponse<PurchaseResponse> sale =
        new PurchasesApi(till)
            .recordPurchaseWithHttpInfo(
                new PurchaseRequest()
                    .shopperId("grace")
                    .storeId("sneakers")
                    .receiptId("R-2001")
                    .amountMinor(1000L)
                    .currency("USD"),
                null,
                null);
    assertThat(sale.getStatusCode()).isEqualTo(201);
    ApiException forbidden =
        catchThrowableOfType(ApiException.class, () -> new ShoppersApi(till).getShopper("ada"));
    assertThat(forbidden.getCode()).isEqualTo(403);

    assertThat(keys.listApiKeys(50, null).getItems())
        .extracting(k -> k.getId())
        .contains(created.getData().getId());
    keys.revokeApiKey(created.getData().getId());
    ApiException revoked =
        catchThrowableOfType(ApiException.class, () -> new StoresApi(till).listStores(1, null));
    assertThat(revoked.getCode()).isEqualTo(401);
  }

  private static JsonNode readTree(String body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
