package com.mallquest.mall.application.leaderboard;

import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.application.port.ChangeOutbox.Pending;
import com.mallquest.mall.application.port.ChangePublisher;
import com.mallquest.mall.domain.ShopperId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Publishes the outbox's {@link Kind#LEADERBOARD} changes: one board refresh per batch. */
public final class LeaderboardPublisher implements ChangePublisher {

  private final Leaderboards leaderboards;

  /** For these boards. */
  public LeaderboardPublisher(Leaderboards leaderboards) {
    this.leaderboards = leaderboards;
  }

  @Override
  public boolean publish(List<Pending> batch) {
    Set<ShopperId> shoppers = new LinkedHashSet<>();
    for (Pending change : batch) {
      if (change.kind() == Kind.LEADERBOARD) {
        shoppers.add(new ShopperId(change.key()));
      }
    }
    return leaderboards.refresh(shoppers);
  }
}
