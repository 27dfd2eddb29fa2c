package com.mallquest.mall.adapter.web;

import com.mallquest.mall.application.leaderboard.Leaderboards;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Leaderboards by xp: top N of a period, and a shopper's rank with neighbours (ADMIN, APP). */
@Tag(name = "Leaderboards")
@RestController
@RequestMapping(path = "/api/v1/leaderboards", produces = MediaType.APPLICATION_JSON_VALUE)
class LeaderboardController {

  /**
   * A line of a board.
   *
   * @param rank 1-based; absent for a shopper without xp in the period
   * @param shopperId who
   * @param displayName their display name
   * @param xp xp earned in the period
   * @param reachedAt when they reached it (their last xp change in the period)
   */
  record EntryView(Long rank, String shopperId, String displayName, long xp, Instant reachedAt) {

    static EntryView of(Leaderboards.Entry e) {
      return new EntryView(
          e.rank() == 0 ? null : e.rank(),
          e.shopperId().value(),
          e.displayName(),
          e.xp(),
          e.reachedAt());
    }

    static List<EntryView> of(List<Leaderboards.Entry> entries) {
      return entries.stream().map(EntryView::of).toList();
    }
  }

  /**
   * A top list.
   *
   * @param period all-time, week or month
   * @param from when the period started
   * @param entries best first
   * @param source where it was read: redis or database
   */
  record BoardView(String period, Instant from, List<EntryView> entries, String source) {}

  /**
   * A shopper's place.
   *
   * @param period all-time, week or month
   * @param from when the period started
   * @param shopper the shopper's line
   * @param above the neighbours ranked before, best first
   * @param below the neighbours ranked after, best first
   * @param source where it was read: redis or database
   */
  record PlaceView(
      String period,
      Instant from,
      EntryView shopper,
      List<EntryView> above,
      List<EntryView> below,
      String source) {}

  private final Leaderboards leaderboards;

  LeaderboardController(Leaderboards leaderboards) {
    this.leaderboards = leaderboards;
  }

  @Operation(operationId = "getLeaderboard", summary = "Read the top of a leaderboard")
  @GetMapping("/{period}")
  BoardView top(
      @Parameter(
              description =
                  "The period: all-time, the current ISO week (from Monday) or the current month",
              schema =
                  @Schema(
                      type = "string",
                      allowableValues = {"all-time", "week", "month"}))
          @PathVariable
          String period,
      @Parameter(
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "1",
                      maximum = "" + Leaderboards.MAX_LIMIT,
                      defaultValue = "10"))
          @RequestParam(defaultValue = "10")
          int limit) {
    Leaderboards.Board b = leaderboards.top(period, limit);
    return new BoardView(b.period().slug(), b.from(), EntryView.of(b.entries()), b.source());
  }

  @Operation(
      operationId = "getLeaderboardPlace",
      summary = "Read a shopper's place on a leaderboard with its neighbours")
  @GetMapping("/{period}/shoppers/{id}")
  PlaceView place(
      @Parameter(
              description =
                  "The period: all-time, the current ISO week (from Monday) or the current month",
              schema =
                  @Schema(
                      type = "string",
                      allowableValues = {"all-time", "week", "month"}))
          @PathVariable
          String period,
      @Parameter(description = "The shopper's id") @PathVariable String id,
      @Parameter(
              description = "How many entries above and below the shopper to include",
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "0",
                      maximum = "" + Leaderboards.MAX_NEIGHBOURS,
                      defaultValue = "2"))
          @RequestParam(defaultValue = "2")
          int neighbours) {
    Leaderboards.Place p = leaderboards.place(period, id, neighbours);
    return new PlaceView(
        p.period().slug(),
        p.from(),
        EntryView.of(p.shopper()),
        EntryView.of(p.above()),
        EntryView.of(p.below()),
        p.source());
  }
}
