package com.mallquest.mall.adapter.web.imports;

/**
 * Where the bulk import of shoppers is served: the controller maps it; the security chain (ADMIN
 * only), the request-size limit and the Idempotency-Key layer treat its streamed body apart.
 */
public final class ShopperImport {

  /** The import's path. */
  public static final String PATH = "/api/v1/shoppers/import";

  private ShopperImport() {}
}
