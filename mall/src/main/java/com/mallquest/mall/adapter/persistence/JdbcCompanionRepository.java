package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.EvolutionStage;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Rarity;
import com.mallquest.mall.domain.ShopperId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The companion catalog in {@code companion_species} (names and stages as JSON) and shoppers'
 * companions in {@code companions}, unique on {@code (shopper_id, idempotency_key)}.
 */
final class JdbcCompanionRepository implements CompanionRepository {

  private static final String SPECIES_COLUMNS = "id, name, rarity, price_coins, stages, version";
  private static final String COLUMNS =
      "id, shopper_id, species_id, xp, stage, active, source, acquired_at";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {};
  private static final TypeReference<List<StoredStage>> STAGES = new TypeReference<>() {};

  /** A stage as stored in JSON. */
  record StoredStage(Map<String, String> name, long xpRequired) {}

  private final JdbcClient jdbc;
  private final DatabaseKind kind;

  JdbcCompanionRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
    this.kind = new DatabaseKind(jdbc);
  }

  @Override
  public boolean insertSpecies(CompanionSpecies species) {
    return bind(
                jdbc.sql(
                    "INSERT INTO companion_species ("
                        + SPECIES_COLUMNS
                        + ") VALUES (:id, :name, :rarity,"
                        + " :price, :stages, :version) ON CONFLICT DO NOTHING"),
                species)
            .update()
        == 1;
  }

  @Override
  public Optional<CompanionSpecies> updateSpecies(CompanionSpecies species) {
    int rows =
        bind(
                jdbc.sql(
                    "UPDATE companion_species SET name = :name, rarity = :rarity, price_coins = :price,"
                        + " stages = :stages, version = version + 1 WHERE id = :id AND version = :version"),
                species)
            .update();
    return rows == 1 ? Optional.of(species.withVersion(species.version() + 1)) : Optional.empty();
  }

  @Override
  public Optional<CompanionSpecies> findSpecies(String id) {
    return jdbc.sql("SELECT " + SPECIES_COLUMNS + " FROM companion_species WHERE id = :id")
        .param("id", id)
        .query(JdbcCompanionRepository::mapSpecies)
        .optional();
  }

  @Override
  public List<CompanionSpecies> findAllSpecies() {
    return jdbc.sql("SELECT " + SPECIES_COLUMNS + " FROM companion_species ORDER BY id")
        .query(JdbcCompanionRepository::mapSpecies)
        .list();
  }

  @Override
  public boolean insert(Companion c, String key) {
    NoActiveCompanion.forget(c.shopperId().value());
    boolean inserted =
        jdbc.sql(
                    "INSERT INTO companions ("
                        + COLUMNS
                        + ", idempotency_key) VALUES (:id, :shopperId, :speciesId,"
                        + " :xp, :stage, :active, :source, :acquiredAt, :key) ON CONFLICT DO NOTHING")
                .param("id", c.id())
                .param("shopperId", c.shopperId().value())
                .param("speciesId", c.speciesId())
                .param("xp", c.xp())
                .param("stage", c.stage())
                .param("active", c.active())
                .param("source", c.source())
                .param("acquiredAt", SqlValues.utc(c.acquiredAt()))
                .param("key", key)
                .update()
            == 1;
    if (inserted) {
      // The shopper's flag that balance changes read (ADR 0030); the caller holds the row's lock.
      jdbc.sql("UPDATE shoppers SET has_companion = TRUE WHERE id = :id AND has_companion = FALSE")
          .param("id", c.shopperId().value())
          .update();
    }
    return inserted;
  }

  @Override
  public Optional<Companion> findByKey(ShopperId shopperId, String key) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM companions WHERE shopper_id = :shopperId AND idempotency_key = :key")
        .param("shopperId", shopperId.value())
        .param("key", key)
        .query(JdbcCompanionRepository::map)
        .optional();
  }

  @Override
  public Set<String> keysStartingWith(ShopperId shopperId, String prefix) {
    // The prefix is a constant of the caller; LIKE wildcards in it are escaped all the same.
    String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return new HashSet<>(
        jdbc.sql(
                "SELECT idempotency_key FROM companions WHERE shopper_id = :shopperId"
                    + " AND idempotency_key LIKE :pattern ESCAPE '\\'")
            .param("shopperId", shopperId.value())
            .param("pattern", pattern)
            .query(String.class)
            .list());
  }

  @Override
  public List<Companion> findByShopper(ShopperId shopperId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM companions WHERE shopper_id = :shopperId ORDER BY acquired_at, id")
        .param("shopperId", shopperId.value())
        .query(JdbcCompanionRepository::map)
        .list();
  }

  @Override
  public Optional<Companion> findActive(ShopperId shopperId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM companions WHERE shopper_id = :shopperId AND active = TRUE")
        .param("shopperId", shopperId.value())
        .query(JdbcCompanionRepository::map)
        .optional();
  }

  @Override
  public Optional<Fed> feedActive(ShopperId shopperId, long xpDelta) {
    if (xpDelta < 0) {
      throw new IllegalArgumentException("xpDelta must not be negative, was " + xpDelta);
    }
    if (NoActiveCompanion.isKnown(shopperId.value())) {
      // A balance change of this transaction found the shopper without one (ADR 0030).
      return Optional.empty();
    }
    // Saturates as Companion.gain does, instead of failing on an overflow.
    String update =
        "UPDATE companions SET xp = CASE WHEN xp > :max - :xp THEN :max ELSE xp + :xp END"
            + " WHERE shopper_id = :shopperId AND active = TRUE";
    String species = " JOIN companion_species sp ON sp.id = c.species_id";
    String columns =
        "c.id, c.shopper_id, c.species_id, c.xp, c.stage, c.active, c.source, c.acquired_at,"
            + " sp.name AS species_name, sp.rarity AS species_rarity,"
            + " sp.price_coins AS species_price_coins, sp.stages AS species_stages,"
            + " sp.version AS species_version";
    String sql =
        kind.isPostgres()
            ? "WITH c AS ("
                + update
                + " RETURNING "
                + COLUMNS
                + ") SELECT "
                + columns
                + " FROM c"
                + species
            : "SELECT " + columns + " FROM FINAL TABLE (" + update + ") c" + species;
    return jdbc.sql(sql)
        .param("xp", xpDelta)
        .param("max", Long.MAX_VALUE)
        .param("shopperId", shopperId.value())
        .query(
            (rs, row) -> {
              Companion after = map(rs, row);
              long before =
                  after.xp() == Long.MAX_VALUE ? Long.MAX_VALUE - xpDelta : after.xp() - xpDelta;
              return new Fed(
                  new Companion(
                      after.id(),
                      after.shopperId(),
                      after.speciesId(),
                      before,
                      after.stage(),
                      after.active(),
                      after.source(),
                      after.acquiredAt()),
                  mapSpecies(rs, "species_id", "species_"));
            })
        .optional();
  }

  @Override
  public void setStage(String companionId, int stage) {
    jdbc.sql("UPDATE companions SET stage = :stage WHERE id = :id")
        .param("stage", stage)
        .param("id", companionId)
        .update();
  }

  @Override
  public void activate(ShopperId shopperId, String companionId) {
    NoActiveCompanion.forget(shopperId.value());
    jdbc.sql("UPDATE companions SET active = (id = :id) WHERE shopper_id = :shopperId")
        .param("id", companionId)
        .param("shopperId", shopperId.value())
        .update();
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, CompanionSpecies s) {
    List<StoredStage> stages =
        s.stages().stream().map(st -> new StoredStage(st.name().texts(), st.xpRequired())).toList();
    return sql.param("id", s.id())
        .param("name", JSON.writeValueAsString(s.name().texts()))
        .param("rarity", s.rarity().name())
        .param("price", s.priceCoins(), Types.BIGINT)
        .param("stages", JSON.writeValueAsString(stages))
        .param("version", s.version());
  }

  private static CompanionSpecies mapSpecies(ResultSet rs, int rowNum) throws SQLException {
    return mapSpecies(rs, "id", "");
  }

  /** A species from columns named {@code prefix + name}, its id from {@code idColumn}. */
  private static CompanionSpecies mapSpecies(ResultSet rs, String idColumn, String prefix)
      throws SQLException {
    long price = rs.getLong(prefix + "price_coins");
    Long priceCoins = rs.wasNull() ? null : price;
    List<EvolutionStage> stages =
        JSON.readValue(rs.getString(prefix + "stages"), STAGES).stream()
            .map(st -> new EvolutionStage(new LocalizedText(st.name()), st.xpRequired()))
            .toList();
    return new CompanionSpecies(
        rs.getString(idColumn),
        new LocalizedText(JSON.readValue(rs.getString(prefix + "name"), TEXTS)),
        Rarity.valueOf(rs.getString(prefix + "rarity")),
        priceCoins,
        stages,
        rs.getLong(prefix + "version"));
  }

  private static Companion map(ResultSet rs, int rowNum) throws SQLException {
    return new Companion(
        rs.getString("id"),
        new ShopperId(rs.getString("shopper_id")),
        rs.getString("species_id"),
        rs.getLong("xp"),
        rs.getInt("stage"),
        rs.getBoolean("active"),
        rs.getString("source"),
        SqlValues.instant(rs, "acquired_at"));
  }
}
