package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.MissionRepository;
import com.mallquest.mall.domain.GoalKind;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Mission;
import com.mallquest.mall.domain.MissionGoal;
import com.mallquest.mall.domain.MissionReward;
import com.mallquest.mall.domain.MissionWindow;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.StoreCategory;
import com.mallquest.mall.domain.StoreId;
import com.mallquest.mall.domain.VipTier;
import com.mallquest.mall.domain.WindowKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Missions in table {@code missions}; progress in {@code mission_progress}, the stores of a
 * DISTINCT_STORES period in {@code mission_window_stores}, completions in {@code
 * mission_completions}. Localized texts are stored as JSON objects. Progress rows are written only
 * under the shopper's row lock, so "update, else insert" cannot race; the completion insert uses
 * {@code ON CONFLICT DO NOTHING} with the unique key as the backstop.
 */
final class JdbcMissionRepository implements MissionRepository {

  private static final String COLUMNS =
      "id, title, description, goal_kind, goal_target, goal_category, goal_store_id, window_kind, window_start,"
          + " window_end, eligible_tiers, reward_coins, reward_xp, reward_species_id, active, version";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {};

  private final JdbcClient jdbc;

  JdbcMissionRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public boolean insert(Mission mission) {
    return bind(
                jdbc.sql(
                    "INSERT INTO missions ("
                        + COLUMNS
                        + ") VALUES (:id, :title, :description, :goalKind,"
                        + " :goalTarget, :goalCategory, :goalStoreId, :windowKind, :windowStart, :windowEnd, :eligibleTiers,"
                        + " :rewardCoins, :rewardXp, :rewardSpeciesId, :active, :version) ON CONFLICT DO NOTHING"),
                mission)
            .param("version", mission.version())
            .update()
        == 1;
  }

  @Override
  public Optional<Mission> update(Mission mission) {
    int rows =
        bind(
                jdbc.sql(
                    "UPDATE missions SET title = :title, description = :description,"
                        + " goal_kind = :goalKind, goal_target = :goalTarget, goal_category = :goalCategory,"
                        + " goal_store_id = :goalStoreId, window_kind = :windowKind, window_start = :windowStart,"
                        + " window_end = :windowEnd, eligible_tiers = :eligibleTiers, reward_coins = :rewardCoins,"
                        + " reward_xp = :rewardXp, reward_species_id = :rewardSpeciesId, active = :active,"
                        + " version = version + 1 WHERE id = :id AND version = :version"),
                mission)
            .param("version", mission.version())
            .update();
    return rows == 1 ? Optional.of(mission.withVersion(mission.version() + 1)) : Optional.empty();
  }

  @Override
  public Optional<Mission> findById(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM missions WHERE id = :id")
        .param("id", id)
        .query(JdbcMissionRepository::map)
        .optional();
  }

  @Override
  public List<Mission> findAll() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM missions ORDER BY id")
        .query(JdbcMissionRepository::map)
        .list();
  }

  @Override
  public Optional<Progress> progress(String missionId, ShopperId shopperId, Instant periodStart) {
    return jdbc.sql(
            "SELECT progress, completed FROM mission_progress"
                + " WHERE shopper_id = :shopperId AND mission_id = :missionId AND window_start = :start")
        .param("shopperId", shopperId.value())
        .param("missionId", missionId)
        .param("start", SqlValues.utc(periodStart))
        .query((rs, n) -> new Progress(rs.getLong("progress"), rs.getBoolean("completed")))
        .optional();
  }

  @Override
  public void saveProgress(
      String missionId, ShopperId shopperId, Instant periodStart, Progress progress, Instant now) {
    int rows =
        jdbc.sql(
                "UPDATE mission_progress SET progress = :progress, completed = :completed,"
                    + " updated_at = :now WHERE shopper_id = :shopperId AND mission_id = :missionId AND window_start = :start")
            .param("progress", progress.value())
            .param("completed", progress.completed())
            .param("now", SqlValues.utc(now))
            .param("shopperId", shopperId.value())
            .param("missionId", missionId)
            .param("start", SqlValues.utc(periodStart))
            .update();
    if (rows == 0) {
      jdbc.sql(
              "INSERT INTO mission_progress (mission_id, shopper_id, window_start, progress, completed, updated_at)"
                  + " VALUES (:missionId, :shopperId, :start, :progress, :completed, :now)")
          .param("missionId", missionId)
          .param("shopperId", shopperId.value())
          .param("start", SqlValues.utc(periodStart))
          .param("progress", progress.value())
          .param("completed", progress.completed())
          .param("now", SqlValues.utc(now))
          .update();
    }
  }

  @Override
  public boolean addStoreVisited(
      String missionId, ShopperId shopperId, Instant periodStart, StoreId storeId) {
    return jdbc.sql(
                "INSERT INTO mission_window_stores (mission_id, shopper_id, window_start, store_id)"
                    + " VALUES (:missionId, :shopperId, :start, :storeId) ON CONFLICT DO NOTHING")
            .param("missionId", missionId)
            .param("shopperId", shopperId.value())
            .param("start", SqlValues.utc(periodStart))
            .param("storeId", storeId.value())
            .update()
        == 1;
  }

  @Override
  public boolean insertCompletion(
      String missionId, ShopperId shopperId, Instant periodStart, Instant now) {
    return jdbc.sql(
                "INSERT INTO mission_completions (mission_id, shopper_id, window_start, completed_at)"
                    + " VALUES (:missionId, :shopperId, :start, :now) ON CONFLICT DO NOTHING")
            .param("missionId", missionId)
            .param("shopperId", shopperId.value())
            .param("start", SqlValues.utc(periodStart))
            .param("now", SqlValues.utc(now))
            .update()
        == 1;
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, Mission m) {
    MissionGoal goal = m.goal();
    MissionWindow window = m.window();
    return sql.param("id", m.id())
        .param("title", JSON.writeValueAsString(m.title().texts()))
        .param("description", JSON.writeValueAsString(m.description().texts()))
        .param("goalKind", goal.kind().name())
        .param("goalTarget", goal.target())
        .param("goalCategory", goal.categoryFilter().map(Enum::name).orElse(null), Types.VARCHAR)
        .param("goalStoreId", goal.storeFilter().map(StoreId::value).orElse(null), Types.VARCHAR)
        .param("windowKind", window.kind().name())
        .param(
            "windowStart",
            window.start() == null ? null : SqlValues.utc(window.start()),
            Types.TIMESTAMP_WITH_TIMEZONE)
        .param(
            "windowEnd",
            window.end() == null ? null : SqlValues.utc(window.end()),
            Types.TIMESTAMP_WITH_TIMEZONE)
        .param(
            "eligibleTiers",
            m.eligibleTiers().stream().sorted().map(Enum::name).collect(Collectors.joining(",")))
        .param("rewardCoins", m.reward().coins())
        .param("rewardXp", m.reward().xp())
        .param("rewardSpeciesId", m.reward().companionSpeciesId(), Types.VARCHAR)
        .param("active", m.active());
  }

  private static Mission map(ResultSet rs, int rowNum) throws SQLException {
    String category = rs.getString("goal_category");
    String storeId = rs.getString("goal_store_id");
    OffsetDateTime start = rs.getObject("window_start", OffsetDateTime.class);
    OffsetDateTime end = rs.getObject("window_end", OffsetDateTime.class);
    String tiers = rs.getString("eligible_tiers");
    Set<VipTier> eligible =
        tiers.isEmpty()
            ? Set.of()
            : EnumSet.copyOf(Arrays.stream(tiers.split(",")).map(VipTier::valueOf).toList());
    return new Mission(
        rs.getString("id"),
        new LocalizedText(JSON.readValue(rs.getString("title"), TEXTS)),
        new LocalizedText(JSON.readValue(rs.getString("description"), TEXTS)),
        new MissionGoal(
            GoalKind.valueOf(rs.getString("goal_kind")),
            rs.getLong("goal_target"),
            category == null ? null : StoreCategory.valueOf(category),
            storeId == null ? null : new StoreId(storeId)),
        new MissionWindow(
            WindowKind.valueOf(rs.getString("window_kind")),
            start == null ? null : start.toInstant(),
            end == null ? null : end.toInstant()),
        eligible,
        new MissionReward(
            rs.getLong("reward_coins"), rs.getLong("reward_xp"), rs.getString("reward_species_id")),
        rs.getBoolean("active"),
        rs.getLong("version"));
  }
}
