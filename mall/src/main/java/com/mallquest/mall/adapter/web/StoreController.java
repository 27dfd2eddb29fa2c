package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.Views.Page;
import com.mallquest.mall.adapter.web.Views.StoreView;
import com.mallquest.mall.application.store.StoreCatalog;
import com.mallquest.mall.domain.Store;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The mall's stores: ADMIN creates and changes them, every role reads them. */
@Tag(name = "Stores")
@RestController
@RequestMapping(path = "/api/v1/stores", produces = MediaType.APPLICATION_JSON_VALUE)
class StoreController {

  /**
   * A new store.
   *
   * @param id a client id, or none for a server-made UUID
   * @param name the name
   * @param category fashion, food, electronics, beauty, home, entertainment, services or other
   * @param floor a floor label such as G, L2, B1
   * @param coinMultiplier 0.1 to 10, default 1
   * @param active default true
   */
  record CreateStoreRequest(
      @Size(max = 64) String id,
      @Size(max = 100) String name,
      @Size(max = 32) String category,
      @Size(max = 8) String floor,
      BigDecimal coinMultiplier,
      Boolean active) {}

  /**
   * Store changes; absent fields stay.
   *
   * @param name the new name
   * @param category the new category
   * @param floor the new floor
   * @param coinMultiplier the new multiplier
   * @param active whether purchases may be recorded
   */
  record UpdateStoreRequest(
      @Size(max = 100) String name,
      @Size(max = 32) String category,
      @Size(max = 8) String floor,
      BigDecimal coinMultiplier,
      Boolean active) {}

  private final StoreCatalog stores;

  StoreController(StoreCatalog stores) {
    this.stores = stores;
  }

  @Operation(operationId = "createStore", summary = "Create a store")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<StoreView> create(@Valid @RequestBody CreateStoreRequest r) {
    Store store =
        stores.create(
            new StoreCatalog.CreateCommand(
                Optional.ofNullable(r.id()),
                r.name(),
                r.category(),
                r.floor(),
                Optional.ofNullable(r.coinMultiplier()),
                Optional.ofNullable(r.active())));
    return ResponseEntity.created(URI.create("/api/v1/stores/" + store.id().value()))
        .body(StoreView.of(store));
  }

  @Operation(operationId = "listStores", summary = "List stores")
  @GetMapping
  Page<StoreView> list(
      @Parameter(
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "1",
                      maximum = "" + StoreCatalog.MAX_PAGE_SIZE,
                      defaultValue = "50"))
          @RequestParam(defaultValue = "50")
          int limit,
      @RequestParam(required = false) String after) {
    List<Store> rows = stores.list(Optional.ofNullable(after), limit);
    String next = rows.size() < limit ? null : rows.get(rows.size() - 1).id().value();
    return new Page<>(rows.stream().map(StoreView::of).toList(), next);
  }

  @Operation(operationId = "getStore", summary = "Read a store")
  @GetMapping("/{id}")
  StoreView get(@PathVariable String id) {
    return StoreView.of(stores.get(id));
  }

  @Operation(operationId = "updateStore", summary = "Change a store")
  @PatchMapping(
      path = "/{id}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
  StoreView update(@PathVariable String id, @Valid @RequestBody UpdateStoreRequest r) {
    return StoreView.of(
        stores.update(
            id,
            new StoreCatalog.UpdateCommand(
                Optional.ofNullable(r.name()),
                Optional.ofNullable(r.category()),
                Optional.ofNullable(r.floor()),
                Optional.ofNullable(r.coinMultiplier()),
                Optional.ofNullable(r.active()))));
  }
}
