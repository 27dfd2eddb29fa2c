package com.mallquest.mall.application.mission;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.port.MissionRepository;
import com.mallquest.mall.application.port.MissionRepository.Progress;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.Mission;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.WindowPeriod;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The missions a shopper can work on now, with their progress in the current window period. */
public final class ListShopperMissions {

  /**
   * A mission as the shopper sees it now.
   *
   * @param mission the definition
   * @param period the current window period
   * @param progress the progress in it
   * @param completed whether it was completed in it
   */
  public record Status(Mission mission, WindowPeriod period, long progress, boolean completed) {}

  /**
   * The answer.
   *
   * @param shopper the shopper (for the language)
   * @param missions active, admitted missions with an open window, ordered by id
   */
  public record Result(Shopper shopper, List<Status> missions) {}

  private final ShopperCache shoppers;
  private final MissionCache missions;
  private final MissionRepository progress;
  private final MallSettings settings;
  private final Clock clock;

  /** With its ports. */
  public ListShopperMissions(
      ShopperCache shoppers,
      MissionCache missions,
      MissionRepository progress,
      MallSettings settings,
      Clock clock) {
    this.shoppers = Objects.requireNonNull(shoppers, "shoppers");
    this.missions = Objects.requireNonNull(missions, "missions");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @throws NotFoundException if there is no such shopper
   */
  public Result list(String shopperId) {
    ShopperId id = InvalidInputException.parseAs("id", ShopperId::of, shopperId);
    Shopper shopper =
        shoppers.get(id).orElseThrow(() -> new NotFoundException("shopper", id.value()));
    Instant now = clock.instant();
    List<Status> statuses = new ArrayList<>();
    for (Mission mission : missions.catalog().active()) {
      if (!mission.admits(shopper.vipTier())) {
        continue;
      }
      Optional<WindowPeriod> period = mission.window().periodAt(now, settings.zone());
      if (period.isEmpty()) {
        continue;
      }
      Progress p =
          progress.progress(mission.id(), id, period.get().start()).orElse(new Progress(0, false));
      statuses.add(new Status(mission, period.get(), p.value(), p.completed()));
    }
    return new Result(shopper, statuses);
  }
}
