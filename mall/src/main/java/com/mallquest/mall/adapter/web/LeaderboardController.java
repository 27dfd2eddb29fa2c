package com.mallquest.mall.adapter.web;

import com.mallquest.mall.application.leaderboard.Leaderboards;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Leaderboards by xp: top N of a period, and a shopper's rank with neighbours (ADMIN, APP). */
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
      return new EntryView(e.rank() == 0 ? null : e.rank(), e.shopperId().value(), e.displayName(), e.xp(),
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
  record PlaceView(String period, Instant from, EntryView shopper, List<EntryView> above, List<EntryView> below,
      String source) {}

  private final Leaderboards leaderboards;

  LeaderboardController(Leaderboards leaderboards) {
    this.leaderboards = leaderboards;
  }

  @GetMapping("/{period}")
  BoardView top(@PathVariable String period, @RequestParam(defaultValue = "10") int limit) {
    Leaderboards.Board b = leaderboards.top(period, limit);
    return new BoardView(b.period().slug(), b.from(), EntryView.of(b.entries()), b.source());
  }

  @GetMapping("/{period}/shoppers/{id}")
  PlaceView place(@PathVariable String period, @PathVariable String id,
      @RequestParam(defaultValue = "2") int neighbours) {
    Leaderboards.Place p = leaderboards.place(period, id, neighbours);
    return new PlaceView(p.period().slug(), p.from(), EntryView.of(p.shopper()), EntryView.of(p.above()),
        EntryView.of(p.below()), p.source());
  }
}
