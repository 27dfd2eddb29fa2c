package com.mallquest.mall.application.shopper;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers shoppers in bulk, for operators moving from another loyalty system. Rows arrive one at
 * a time from a parser that reads the request as it streams; each is checked with the same rules as
 * {@link RegisterShopper} and the valid ones are inserted in batches, one statement and one
 * transaction per batch. An id that exists already, or appeared earlier in the file, is skipped, so
 * importing the same file again creates nothing twice. Unlike a single registration, every row must
 * carry its id: a server-made id would create the shopper again on a re-run.
 *
 * <p>Batches are committed as they fill: if reading fails half-way (the body is too large, the
 * client went away), the rows read in full are imported and {@link ImportInterruptedException}
 * carries the counts so far; running the import again completes it.
 */
public final class ImportShoppers {

  private static final Logger log = LoggerFactory.getLogger(ImportShoppers.class);

  /** One row of the file, as its parser read it. */
  public sealed interface Row {
    /** The row's line number in the file, from 1. */
    long line();
  }

  /**
   * A row with its fields; an empty field means "the default", as in {@link
   * RegisterShopper.Command}.
   *
   * @param line the line number
   * @param id the shopper's id (required)
   * @param displayName defaults to the id
   * @param language BCP 47, default {@code en}
   * @param timeZone IANA, default the mall's
   */
  public record Fields(
      long line,
      Optional<String> id,
      Optional<String> displayName,
      Optional<String> language,
      Optional<String> timeZone)
      implements Row {}

  /**
   * A line the parser could not read (bad quoting, not JSON, too long, not UTF-8).
   *
   * @param line the line number
   * @param reason why, for the operator
   */
  public record Unreadable(long line, String reason) implements Row {}

  /**
   * A rejected row.
   *
   * @param line its line number
   * @param reason why it was rejected
   */
  public record Rejection(long line, String reason) {}

  /**
   * What an import did.
   *
   * @param created shoppers inserted
   * @param skipped rows whose id existed already, in the database or earlier in the file
   * @param rejected rows refused (all of them, even past the listed ones)
   * @param errors the first rejected rows, in file order, at most the configured number
   * @param errorsTruncated whether more rows were rejected than {@code errors} lists
   */
  public record Result(
      long created, long skipped, long rejected, List<Rejection> errors, boolean errorsTruncated) {}

  /**
   * Settings.
   *
   * @param batchSize rows per insert statement and transaction, 1 to {@link
   *     ShopperRepository#MAX_INSERT_BATCH}
   * @param progressEveryRows an INFO line each time this many more rows were read
   * @param maxErrorsListed rejected rows listed in the result at most
   */
  public record Settings(int batchSize, long progressEveryRows, int maxErrorsListed) {
    /** Checks the ranges. */
    public Settings {
      if (batchSize < 1 || batchSize > ShopperRepository.MAX_INSERT_BATCH) {
        throw new IllegalArgumentException(
            "batch size must be in 1.."
                + ShopperRepository.MAX_INSERT_BATCH
                + ", was "
                + batchSize);
      }
      if (progressEveryRows < 1) {
        throw new IllegalArgumentException(
            "progress interval must be positive, was " + progressEveryRows);
      }
      if (maxErrorsListed < 0) {
        throw new IllegalArgumentException(
            "errors listed must not be negative, was " + maxErrorsListed);
      }
    }
  }

  /** Reading the rows failed part-way; the rows read in full were imported. */
  public static final class ImportInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Result soFar;
    private final long lastLine;

    ImportInterruptedException(Result soFar, long lastLine, UncheckedIOException cause) {
      super(
          "import interrupted after line " + lastLine + ": " + cause.getCause().getMessage(),
          cause.getCause());
      this.soFar = soFar;
      this.lastLine = lastLine;
    }

    /** The counts up to the last line read in full. */
    public Result soFar() {
      return soFar;
    }

    /** The last line read in full. */
    public long lastLine() {
      return lastLine;
    }
  }

  private final ShopperRepository shoppers;
  private final Changes changes;
  private final Transactions transactions;
  private final MallSettings settings;
  private final Clock clock;
  private final Settings importSettings;

  /** With its ports and settings. */
  public ImportShoppers(
      ShopperRepository shoppers,
      Changes changes,
      Transactions transactions,
      MallSettings settings,
      Clock clock,
      Settings importSettings) {
    this.shoppers = Objects.requireNonNull(shoppers, "shoppers");
    this.changes = Objects.requireNonNull(changes, "changes");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.importSettings = Objects.requireNonNull(importSettings, "importSettings");
  }

  /**
   * Imports every row.
   *
   * @param rows the file's rows in order; {@code next()} may throw {@link UncheckedIOException}
   *     when reading fails, or {@link InvalidInputException} before the first row (a bad header)
   * @throws ImportInterruptedException if reading failed after the import started
   */
  public Result importAll(Iterator<? extends Row> rows) {
    Run run = new Run();
    try {
      while (true) {
        Row row;
        try {
          if (!rows.hasNext()) {
            break;
          }
          row = rows.next();
        } catch (UncheckedIOException e) {
          // The rows read in full are valid input: keep them, so that a re-run only adds the rest.
          run.finish();
          log.warn(
              "shopper import interrupted after line {}: {} ({})",
              run.lastLine,
              e.getCause().getMessage(),
              run.summary());
          throw new ImportInterruptedException(run.result(), run.lastLine, e);
        }
        run.accept(row);
      }
      run.finish();
    } finally {
      run.writer.shutdownNow();
    }
    log.info("shopper import done: {}", run.summary());
    return run.result();
  }

  /**
   * The state of one import. The request thread parses and validates; a writer thread inserts the
   * previous batch meanwhile (one batch in flight at most), so parsing and the database overlap.
   */
  private final class Run {
    private final long startNanos = System.nanoTime();
    private final ExecutorService writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "shopper-import-writer");
              t.setDaemon(true);
              return t;
            });
    private final Set<String> batchIds = new HashSet<>();
    private final List<Rejection> errors = new ArrayList<>();
    private final Instant now = clock.instant();
    private List<Shopper> batch = new ArrayList<>(importSettings.batchSize());
    private Future<?> inFlight;
    private long rows;
    private long lastLine;
    private long skippedInFile;
    private long rejected;
    // Written by the writer thread only; read for progress lines, and exactly after finish().
    private volatile long created;
    private volatile long skippedExisting;
    private volatile long databaseNanos;

    void accept(Row row) {
      rows++;
      lastLine = row.line();
      if (row instanceof Fields f) {
        validate(f).ifPresent(this::add);
      } else if (row instanceof Unreadable u) {
        reject(u.line(), u.reason());
      }
      if (rows % importSettings.progressEveryRows() == 0) {
        log.info("shopper import: {}", summary());
      }
    }

    private Optional<Shopper> validate(Fields f) {
      try {
        if (f.id().isEmpty()) {
          throw new InvalidInputException(
              "id", "id is required in an import (so that a re-run creates nothing twice)");
        }
        ZoneId zone = f.timeZone().map(Shopper::parseZone).orElse(null);
        return Optional.of(
            Shopper.register(
                ShopperId.of(f.id().get()),
                f.displayName().orElse(null),
                f.language().orElse(null),
                zone,
                settings.zone(),
                now));
      } catch (InvalidInputException e) {
        reject(f.line(), e.getMessage());
        return Optional.empty();
      }
    }

    private void add(Shopper shopper) {
      if (!batchIds.add(shopper.id().value())) {
        skippedInFile++;
        return;
      }
      batch.add(shopper);
      if (batch.size() == importSettings.batchSize()) {
        flush();
      }
    }

    /** Hands the batch to the writer once the one before it is in. */
    private void flush() {
      if (batch.isEmpty()) {
        return;
      }
      List<Shopper> full = batch;
      batch = new ArrayList<>(importSettings.batchSize());
      batchIds.clear();
      awaitInFlight();
      inFlight = writer.submit(() -> insert(full));
    }

    /** Inserts the last batch and waits for every insert. */
    void finish() {
      flush();
      awaitInFlight();
    }

    private void awaitInFlight() {
      if (inFlight == null) {
        return;
      }
      try {
        inFlight.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for an import batch", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      } finally {
        inFlight = null;
      }
    }

    private void insert(List<Shopper> shoppersToInsert) {
      long start = System.nanoTime();
      // The batch and its outbox row commit together; the cache drops its "not found" answers
      // after.
      int inserted =
          transactions.inTransaction(
              () -> {
                int n = shoppers.insertNew(shoppersToInsert);
                if (n > 0) {
                  changes.shoppersCreated(shoppersToInsert.stream().map(Shopper::id).toList());
                }
                return n;
              });
      databaseNanos += System.nanoTime() - start;
      created += inserted;
      skippedExisting += shoppersToInsert.size() - inserted;
    }

    private void reject(long line, String reason) {
      rejected++;
      if (errors.size() < importSettings.maxErrorsListed()) {
        errors.add(new Rejection(line, reason));
      }
    }

    Result result() {
      return new Result(
          created,
          skippedInFile + skippedExisting,
          rejected,
          List.copyOf(errors),
          rejected > errors.size());
    }

    String summary() {
      long elapsedNanos = Math.max(1, System.nanoTime() - startNanos);
      return String.format(
          "%d rows in %.1f s (%.0f rows/s): created=%d skipped=%d rejected=%d;"
              + " database %.1f s",
          rows,
          elapsedNanos / 1e9,
          rows * 1e9 / elapsedNanos,
          created,
          skippedInFile + skippedExisting,
          rejected,
          databaseNanos / 1e9);
    }
  }
}
