package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The dashboard's files are served without a key (they hold no data), from the service itself and
 * its WebJars, while the API calls the page makes still need an ADMIN key.
 */
class DashboardResourcesApiTest extends ApiTestSupport {

  @Test
  void dashboard_withoutKey_servesThePageAndItsModules() {
    Reply page = call("GET", "/dashboard/", null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.raw().body())
        .contains("<script type=\"module\" src=\"js/app.js\"></script>", "id=\"api-key\"");

    for (String module :
        new String[] {
          "app", "api", "ui", "charts", "overview", "stores", "leaderboards", "catalog", "cache"
        }) {
      Reply js = call("GET", "/dashboard/js/" + module + ".js", null, null);
      assertThat(js.status()).as(module).isEqualTo(200);
      assertThat(js.contentType()).as(module).contains("javascript");
    }
    assertThat(call("GET", "/dashboard/dashboard.css", null, null).contentType())
        .startsWith("text/css");
  }

  @Test
  void dashboardWithoutSlash_redirectsToThePage() {
    Reply r = call("GET", "/dashboard", null, null);

    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).endsWith("/dashboard/");
  }

  @Test
  void chartLibrary_isServedFromItsWebJar_withoutAVersionInThePath() {
    Reply js = call("GET", "/webjars/uplot/dist/uPlot.esm.js", null, null);
    Reply css = call("GET", "/webjars/uplot/dist/uPlot.min.css", null, null);

    assertThat(js.status()).isEqualTo(200);
    assertThat(js.raw().body()).contains("export { uPlot as default }");
    assertThat(css.status()).isEqualTo(200);
  }

  @Test
  void theApiBehindTheDashboard_stillNeedsAnAdminKey() {
    assertThat(call("GET", "/api/v1/cache/stats", null, null).status()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/cache/stats", createKey("app", null), null).status())
        .isEqualTo(403);
    assertThat(call("GET", "/api/v1/cache/stats", ADMIN_KEY, null).status()).isEqualTo(200);
  }

  @Test
  void onlyReadsArePermittedWithoutAKey_underTheDashboardPath() {
    Reply r = call("POST", "/dashboard/index.html", null, "{}");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }
}
