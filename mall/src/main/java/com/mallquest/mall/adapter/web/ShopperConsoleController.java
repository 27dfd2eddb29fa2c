package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.Views.LedgerView;
import com.mallquest.mall.adapter.web.Views.Page;
import com.mallquest.mall.adapter.web.Views.ShopperView;
import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.port.ShopperSearchRepository.NameCursor;
import com.mallquest.mall.application.port.ShopperSearchRepository.NamePage;
import com.mallquest.mall.application.shopper.AdjustCoins;
import com.mallquest.mall.application.shopper.FindShoppers;
import com.mallquest.mall.application.shopper.ShopperBlocks;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.ShopperBlock;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operator console's shopper support (ADMIN): search, coin adjustments, blocks. */
@RestController
@RequestMapping(path = "/api/v1/shoppers", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Shoppers")
class ShopperConsoleController {

  private static final Logger log = LoggerFactory.getLogger(ShopperConsoleController.class);

  /**
   * A coin adjustment.
   *
   * @param deltaCoins coins to add (positive) or take (negative)
   * @param reason why; recorded in the ledger and the audit log
   */
  record AdjustmentRequest(Long deltaCoins, String reason) {}

  /**
   * The answer to an adjustment.
   *
   * @param entry the ledger row
   * @param shopper the profile after it
   */
  record AdjustmentResponse(LedgerView entry, ShopperView shopper) {}

  /**
   * A block or unblock.
   *
   * @param reason why; recorded in the audit log (and on the block)
   */
  record BlockRequest(String reason) {}

  /**
   * Whether a shopper is blocked.
   *
   * @param shopperId the shopper
   * @param blocked whether a block stands
   * @param reason the block's reason
   * @param blockedAt when it was placed
   * @param blockedBy the id of the key that placed it
   * @param changed false if the request found the shopper in this state already
   */
  record BlockView(
      String shopperId,
      boolean blocked,
      String reason,
      Instant blockedAt,
      String blockedBy,
      Boolean changed) {

    static BlockView of(String shopperId, Optional<ShopperBlock> block, Boolean changed) {
      return new BlockView(
          shopperId,
          block.isPresent(),
          block.map(ShopperBlock::reason).orElse(null),
          block.map(ShopperBlock::blockedAt).orElse(null),
          block.map(ShopperBlock::blockedBy).orElse(null),
          changed);
    }
  }

  private final FindShoppers find;
  private final AdjustCoins adjust;
  private final ShopperBlocks blocks;
  private final MallSettings settings;

  ShopperConsoleController(
      FindShoppers find, AdjustCoins adjust, ShopperBlocks blocks, MallSettings settings) {
    this.find = find;
    this.adjust = adjust;
    this.blocks = blocks;
    this.settings = settings;
  }

  /**
   * Search by exactly one of {@code id}, {@code namePrefix} (paged by {@code limit} and {@code
   * cursor}) or {@code receiptId}.
   */
  @Operation(
      operationId = "searchShoppers",
      summary = "Find shoppers by id, display-name prefix (case ignored, paged) or receipt id")
  @GetMapping
  Page<ShopperView> search(
      @RequestParam(required = false)
          @Parameter(description = "A shopper id: the shopper, if it exists")
          String id,
      @RequestParam(required = false)
          @Parameter(
              description = "The start of display names, case ignored",
              schema = @Schema(minLength = 1, maxLength = FindShoppers.MAX_PREFIX))
          String namePrefix,
      @RequestParam(required = false)
          @Parameter(
              description = "A receipt id: the shopper who made that purchase",
              schema = @Schema(minLength = 1, maxLength = 64))
          String receiptId,
      @Parameter(
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "1",
                      maximum = "" + FindShoppers.MAX_PAGE_SIZE,
                      defaultValue = "20"))
          @RequestParam(defaultValue = "20")
          int limit,
      @RequestParam(required = false) String cursor) {
    long given = Stream.of(id, namePrefix, receiptId).filter(v -> v != null).count();
    if (given != 1) {
      throw new InvalidInputException("id", "give exactly one of id, namePrefix or receiptId");
    }
    if (namePrefix == null && cursor != null) {
      throw new InvalidInputException("cursor", "cursor pages a namePrefix search only");
    }
    if (id != null) {
      return page(find.byId(id).stream().map(this::view).toList(), null);
    }
    if (receiptId != null) {
      return page(find.byReceipt(receiptId).stream().map(this::view).toList(), null);
    }
    NamePage page = find.byNamePrefix(namePrefix, parseCursor(cursor), limit);
    return page(
        page.shoppers().stream().map(this::view).toList(),
        page.next().map(c -> encode(c)).orElse(null));
  }

  /**
   * Adds or takes coins; the Idempotency-Key header is required, so a retry never applies twice.
   */
  @Operation(
      operationId = "adjustShopperCoins",
      summary = "Add or take coins by hand (an ADJUSTMENT ledger row)")
  @PostMapping(path = "/{id}/adjustments", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<AdjustmentResponse> adjust(
      @PathVariable String id,
      @RequestBody AdjustmentRequest request,
      @Parameter(
              required = true,
              description =
                  "Makes the adjustment safe to retry: the same key again returns the"
                      + " kept answer and changes nothing")
          @RequestHeader(name = IdempotencyFilter.HEADER, required = false)
          String idempotencyKey,
      @AuthenticationPrincipal ApiKeyPrincipal caller,
      HttpServletRequest http) {
    if (idempotencyKey == null) {
      throw new InvalidInputException(
          IdempotencyFilter.HEADER,
          "An adjustment needs an Idempotency-Key header, so that a retry never applies it twice");
    }
    if (request.deltaCoins() == null) {
      throw new InvalidInputException("deltaCoins", "deltaCoins is required");
    }
    AdjustCoins.Result result = adjust.adjust(id, request.deltaCoins(), request.reason());
    AuditInterceptor.reason(http, result.entry().reference());
    log.info(
        "coins adjusted shopper={} delta={} balance={} key={}",
        result.shopper().id().value(),
        result.entry().delta(),
        result.entry().balanceAfter(),
        caller.keyId());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new AdjustmentResponse(LedgerView.of(result.entry()), view(result.shopper())));
  }

  /** Whether the shopper is blocked. */
  @Operation(operationId = "getShopperBlock", summary = "Whether a shopper is blocked")
  @GetMapping("/{id}/block")
  BlockView block(@PathVariable String id) {
    return BlockView.of(id, blocks.find(id), null);
  }

  /** Blocks the shopper: nothing is earned or redeemed until an unblock. */
  @Operation(operationId = "blockShopper", summary = "Block a shopper: no earning, no redeeming")
  @PostMapping(path = "/{id}/block", consumes = MediaType.APPLICATION_JSON_VALUE)
  BlockView block(
      @PathVariable String id,
      @RequestBody BlockRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller,
      HttpServletRequest http) {
    ShopperBlocks.Result result = blocks.block(id, request.reason(), caller.keyId());
    AuditInterceptor.reason(http, request.reason());
    if (result.changed()) {
      log.info("shopper blocked shopper={} key={}", id, caller.keyId());
    }
    return BlockView.of(id, result.block(), result.changed());
  }

  /** Lifts the shopper's block. */
  @Operation(operationId = "unblockShopper", summary = "Lift a shopper's block")
  @PostMapping(path = "/{id}/unblock", consumes = MediaType.APPLICATION_JSON_VALUE)
  BlockView unblock(
      @PathVariable String id,
      @RequestBody BlockRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller,
      HttpServletRequest http) {
    ShopperBlocks.Result result = blocks.unblock(id, request.reason());
    AuditInterceptor.reason(http, request.reason());
    if (result.changed()) {
      log.info("shopper unblocked shopper={} key={}", id, caller.keyId());
    }
    return BlockView.of(id, result.block(), result.changed());
  }

  private ShopperView view(com.mallquest.mall.domain.Shopper s) {
    return ShopperView.of(s, settings.rules());
  }

  private static Page<ShopperView> page(List<ShopperView> items, String next) {
    return new Page<>(items, next);
  }

  /** The cursor is {@code id|nameKey} (an id has no bar) in base64url. */
  private static String encode(NameCursor c) {
    String raw = c.id() + "|" + c.nameKey();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<NameCursor> parseCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return Optional.empty();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      if (bar < 1 || cursor.length() > 400) {
        throw new IllegalArgumentException("no bar");
      }
      return Optional.of(new NameCursor(raw.substring(bar + 1), raw.substring(0, bar)));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("cursor", "cursor is not valid");
    }
  }
}
