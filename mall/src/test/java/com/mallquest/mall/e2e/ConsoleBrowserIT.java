package com.mallquest.mall.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The operator console (issue 15) in a real browser: find a shopper, open the profile, refund,
 * adjust, block; create and revoke a key; import a file; read the audit log; every view at 1366 px
 * and at 800 px without sideways page scroll. The checks after each test are {@link
 * BrowserTestSupport}'s.
 */
class ConsoleBrowserIT extends BrowserTestSupport {

  private String shopperNamed(String name) {
    String id = unique("shopper");
    Reply r =
        call(
            "POST",
            "/api/v1/shoppers",
            ADMIN_KEY,
            "{\"id\":\"" + id + "\",\"displayName\":\"" + name + "\"}");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return id;
  }

  private String buy(String shopper, String store, long amountMinor) {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, unique("rc"), amountMinor, "USD"));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return r.json().get("purchaseId").asString();
  }

  private long coins(String shopper) {
    return call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json().get("coins").asLong();
  }

  private void confirm(String dialog, String reason) {
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id(dialog)));
    if (reason != null) {
      driver.findElement(By.cssSelector("#" + dialog + " input[type=text]")).sendKeys(reason);
    }
    driver.findElement(By.id(dialog + "-confirm")).click();
    waitFor().until(ExpectedConditions.numberOfElementsToBe(By.id(dialog), 0));
  }

  private void openProfileByNamePrefix(String prefix, String shopper) {
    go("shoppers");
    new Select(driver.findElement(By.id("shopper-search-mode"))).selectByValue("namePrefix");
    type("shopper-search-query", prefix);
    driver.findElement(By.id("shopper-search-submit")).click();
    By link = By.cssSelector("#shopper-results-table tr[data-id='" + shopper + "'] a");
    waitFor().until(ExpectedConditions.elementToBeClickable(link)).click();
    waitFor()
        .until(
            ExpectedConditions.attributeToBe(
                By.id("shopper-coins"), "data-value", String.valueOf(coins(shopper))));
  }

  @Test
  void findByNamePrefix_openProfile_refundAPurchase_adjustCoins_andSeeTheAuditEntry() {
    String tag = "Zora" + unique("x").substring(2);
    String shopper = shopperNamed(tag + " Lindqvist");
    shopperNamed("Someone Else");
    String store = createStore("1");
    String kept = buy(shopper, store, 12_000);
    String refunded = buy(shopper, store, 4_000);
    assertThat(kept).isNotEqualTo(refunded);
    long before = coins(shopper);

    signIn();
    openProfileByNamePrefix(tag.toLowerCase(), shopper);
    JsonNode api = call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json();
    for (String field : List.of("xp", "level", "loginStreak")) {
      assertThat(driver.findElement(By.id("shopper-" + field)).getDomAttribute("data-value"))
          .isEqualTo(api.get(field).asString());
    }
    assertThat(driver.findElement(By.id("shopper-vipTier")).getText())
        .isEqualTo(api.get("vipTier").asString());
    assertThat(driver.findElement(By.id("shopper-meta")).getText())
        .contains(api.get("timeZone").asString(), "language " + api.get("language").asString());
    waitFor()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#shopper-purchases tr[data-id='" + refunded + "']")));
    List<WebElement> purchaseRows =
        driver.findElements(By.cssSelector("#shopper-purchases tbody tr"));
    assertThat(purchaseRows.get(0).getDomAttribute("data-id"))
        .as("newest first")
        .isEqualTo(refunded);
    screenshot("shopper-profile");

    // Refund: confirm with a reason; the ledger shows the refund row and the figures follow.
    driver
        .findElement(
            By.cssSelector(
                "#shopper-purchases tr[data-id='" + refunded + "'] button[data-action=refund]"))
        .click();
    screenshot("shopper-refund-confirm");
    confirm("refund-dialog", "returned in store");
    waitForText(By.id("shopper-action-status"), "Refunded");
    long afterRefund = coins(shopper);
    assertThat(afterRefund).isEqualTo(before - 40);
    waitFor()
        .until(
            ExpectedConditions.attributeToBe(
                By.id("shopper-coins"), "data-value", String.valueOf(afterRefund)));
    waitForText(By.cssSelector("#shopper-ledger tbody tr:first-child"), "refund");

    // Adjust: the form asks for confirmation; the ledger shows the adjustment.
    type("adjust-delta", "55");
    type("adjust-reason", "goodwill: lost receipt");
    driver.findElement(By.id("adjust-submit")).click();
    confirm("adjust-dialog", null);
    waitForText(By.id("shopper-action-status"), "Adjusted by 55");
    assertThat(coins(shopper)).isEqualTo(afterRefund + 55);
    waitForText(By.cssSelector("#shopper-ledger tbody tr:first-child"), "goodwill: lost receipt");
    waitFor()
        .until(
            ExpectedConditions.attributeToBe(
                By.id("shopper-coins"), "data-value", String.valueOf(afterRefund + 55)));

    // A debit larger than the balance: the API's 409, shown; nothing changes.
    type("adjust-delta", String.valueOf(-(afterRefund + 56)));
    type("adjust-reason", "too much");
    driver.findElement(By.id("adjust-submit")).click();
    confirm("adjust-dialog", null);
    waitForText(By.id("shopper-action-error"), "below zero");
    assertThat(coins(shopper)).isEqualTo(afterRefund + 55);

    // The audit log names the key, the action, the target and the reason.
    go("audit");
    type("audit-target", "shopper:" + shopper);
    driver.findElement(By.cssSelector("#audit-filter button[type=submit]")).click();
    waitForText(By.cssSelector("#audit-table tbody tr:first-child"), "goodwill: lost receipt");
    assertThat(driver.findElement(By.cssSelector("#audit-table tbody tr:first-child")).getText())
        .contains(
            "configured admin", "POST /api/v1/shoppers/{id}/adjustments", "shopper:" + shopper);
    type("audit-target", "purchase:" + refunded);
    driver.findElement(By.cssSelector("#audit-filter button[type=submit]")).click();
    waitForText(By.cssSelector("#audit-table tbody tr:first-child"), "returned in store");
    screenshot("audit");
  }

  @Test
  void blockAndUnblock_fromTheProfile_stopAndRestoreEarning() {
    String shopper = shopperNamed("Blocky " + unique("b"));
    String store = createStore("1");
    signIn();
    driver.get(base() + "/dashboard/#/shoppers/" + shopper);
    waitFor().until(ExpectedConditions.elementToBeClickable(By.id("block-button"))).click();
    confirm("block-dialog", "chargeback under review");
    waitFor()
        .until(
            ExpectedConditions.attributeToBe(By.id("shopper-block-state"), "data-blocked", "true"));
    assertThat(driver.findElement(By.id("shopper-block-state")).getText())
        .contains("chargeback under review");
    assertThat(purchase(shopper, store).status()).isEqualTo(403);
    screenshot("shopper-blocked");

    driver.findElement(By.id("unblock-button")).click();
    confirm("block-dialog", "cleared");
    waitFor()
        .until(
            ExpectedConditions.attributeToBe(
                By.id("shopper-block-state"), "data-blocked", "false"));
    assertThat(purchase(shopper, store).status()).isEqualTo(201);
  }

  @Test
  void apiKeys_createShowsTheSecretOnce_andRevokeStopsIt() {
    String name = "till " + unique("t");
    signIn();
    go("keys");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("keys-table")));
    type("key-form-name", name);
    new Select(driver.findElement(By.id("key-form-role"))).selectByValue("app");
    type("key-form-rateLimitPerMinute", "90");
    // A datetime-local field's keyboard format depends on the locale: set its value as the picker
    // would.
    js("arguments[0].value = '2099-12-31T23:59';", driver.findElement(By.id("key-form-expiresAt")));
    driver.findElement(By.id("key-form-submit")).click();

    WebElement secret =
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key-secret")));
    String key = secret.getDomProperty("value");
    assertThat(key).startsWith("mq_");
    assertThat(call("GET", "/api/v1/rewards", key, null).status())
        .as("the shown secret works")
        .isEqualTo(200);
    driver.findElement(By.id("new-key-copy")).click();
    waitFor().until(d -> !d.findElement(By.id("new-key-copied")).getText().isEmpty());
    By row =
        By.xpath("//table[@id='keys-table']//tr[td[@data-key='name' and text()='" + name + "']]");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(row));
    assertThat(driver.findElement(row).getText()).contains("app", "90", "2099", "active");
    assertThat(
            js("return document.body.innerText + JSON.stringify(Object.assign({}, sessionStorage, localStorage));")
                .toString())
        .as("the secret is only in its read-only field: not in the text, not stored")
        .doesNotContain(key);
    screenshot("keys-created");
    driver.findElement(By.id("new-key-done")).click();
    assertThat(driver.findElements(By.id("new-key-secret"))).isEmpty();

    driver.findElement(row).findElement(By.cssSelector("button[data-action=revoke]")).click();
    confirm("revoke-dialog", null);
    waitFor().until(ExpectedConditions.textToBePresentInElementLocated(row, "revoked"));
    assertThat(call("GET", "/api/v1/rewards", key, null).status()).isEqualTo(401);
    screenshot("keys");
  }

  @Test
  void operations_health_reconciliation_andAnImportWithItsCountsAndFirstErrors()
      throws IOException {
    String good1 = unique("imp");
    String good2 = unique("imp");
    Path file = Files.createTempFile("shoppers-", ".ndjson");
    Files.writeString(
        file,
        "{\"id\":\""
            + good1
            + "\",\"displayName\":\"Imported One\",\"language\":\"es\"}\n"
            + "{\"id\":\""
            + good2
            + "\",\"displayName\":\"Imported Two\",\"language\":\"zh\"}\n"
            + "{\"id\":\"bad id with spaces\"}\n",
        StandardCharsets.UTF_8);
    try {
      signIn();
      go("operations");
      String status =
          call("GET", "/actuator/health", ADMIN_KEY, null).json().get("status").asString();
      waitFor()
          .until(ExpectedConditions.attributeToBe(By.id("health-status"), "data-status", status));
      assertThat(driver.findElement(By.id("health-table")).getText()).contains("db");

      driver.findElement(By.id("reconciliation-run")).click();
      waitFor()
          .until(
              ExpectedConditions.attributeToBe(
                  By.id("reconciliation-summary"), "data-mismatches", "0"));
      assertThat(driver.findElement(By.id("reconciliation-body")).getText()).doesNotContain("null");

      driver.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
      driver.findElement(By.id("import-submit")).click();
      waitFor().until(ExpectedConditions.attributeToBe(By.id("import-created"), "data-value", "2"));
      assertThat(driver.findElement(By.id("import-rejected")).getDomAttribute("data-value"))
          .isEqualTo("1");
      assertThat(driver.findElement(By.id("import-progress")).getDomProperty("value"))
          .isEqualTo("100");
      assertThat(driver.findElement(By.cssSelector("#import-errors tbody tr")).getText())
          .startsWith("3");
      assertThat(driver.findElement(By.id("import-result")).getText())
          .doesNotContain("null", "undefined");
      assertThat(
              call("GET", "/api/v1/shoppers/" + good2, ADMIN_KEY, null)
                  .json()
                  .get("language")
                  .asString())
          .isEqualTo("zh");
      screenshot("operations");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void everyView_at1366And800px_hasNoSidewaysPageScroll() {
    String shopper = shopperNamed("Wide " + "W".repeat(40));
    String store = createStore("1");
    buy(shopper, store, 9_999);
    signIn();
    // Each view and what shows it has loaded.
    Map<String, String> views = new LinkedHashMap<>();
    views.put("overview", "#overview-chart canvas");
    views.put("shoppers", "#shopper-search");
    views.put("stores", "#stores-table");
    views.put("leaderboards", "#leaderboard-table");
    views.put("missions", "#missions-table");
    views.put("rewards", "#rewards-table");
    views.put("companions", "#companions-table");
    views.put("cache", "#cache-cards article");
    views.put("keys", "#keys-table");
    views.put("operations", "#health-table");
    views.put("audit", "#audit-table tbody tr");
    for (Dimension size : List.of(DESKTOP, NARROW)) {
      driver.manage().window().setSize(size);
      for (var entry : views.entrySet()) {
        String view = entry.getKey();
        go(view);
        waitFor()
            .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(entry.getValue())));
        assertNoHorizontalScroll(view);
        if (size.equals(NARROW)) {
          screenshot(view + "-800");
        }
      }
      driver.get(base() + "/dashboard/#/shoppers/" + shopper);
      waitFor()
          .until(
              ExpectedConditions.presenceOfElementLocated(
                  By.cssSelector("#shopper-purchases tbody tr[data-id]")));
      assertNoHorizontalScroll("shopper profile");
      if (size.equals(NARROW)) {
        screenshot("shopper-profile-800");
      }
    }
    driver.manage().window().setSize(DESKTOP);
    go("shoppers");
    new Select(driver.findElement(By.id("shopper-search-mode"))).selectByValue("id");
    type("shopper-search-query", shopper);
    driver.findElement(By.id("shopper-search-submit")).click();
    waitFor()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#shopper-results-table tr[data-id]")));
    screenshot("shoppers");
  }
}
