package com.mallquest.mall.adapter.web.imports;

import com.mallquest.mall.application.shopper.ImportShoppers.Fields;
import com.mallquest.mall.application.shopper.ImportShoppers.Row;
import com.mallquest.mall.application.shopper.ImportShoppers.Unreadable;
import com.mallquest.mall.domain.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rows of an import file, parsed one line at a time as the body streams in: NDJSON (one JSON
 * object per line) or CSV (RFC 4180 quoting, a header row naming the columns). Both carry the
 * fields of a registration: {@code id}, {@code displayName}, {@code language}, {@code timeZone}; an
 * absent, {@code null} or empty field takes its default. A line that cannot be parsed becomes an
 * {@link Unreadable} row with its line number, and the import goes on. A CSV field may not contain
 * a line break (each line is one row).
 */
public abstract class ShopperImportRows implements Iterator<Row> {

  /** The column names, which are also the JSON field names. */
  static final List<String> FIELDS = List.of("id", "displayName", "language", "timeZone");

  private static final int MAX_REASON_CHARS = 200;

  private final ImportLineReader lines;
  private Row next;

  private ShopperImportRows(InputStream body, int maxLineBytes) {
    this.lines = new ImportLineReader(body, maxLineBytes);
  }

  /** NDJSON rows. */
  public static ShopperImportRows ndjson(InputStream body, int maxLineBytes) {
    return new Ndjson(body, maxLineBytes);
  }

  /**
   * CSV rows; the header is read at once.
   *
   * @throws InvalidInputException (field {@code "header"}) if the first line is not a valid header
   * @throws UncheckedIOException if reading fails
   */
  public static ShopperImportRows csv(InputStream body, int maxLineBytes) {
    Csv csv = new Csv(body, maxLineBytes);
    csv.readHeader();
    return csv;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      ImportLineReader.Line line = readLine();
      if (line != null) {
        next =
            line.text() == null
                ? new Unreadable(line.number(), line.error())
                : parse(line.number(), line.text());
      }
    }
    return next != null;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row row = next;
    next = null;
    return row;
  }

  /** The next non-blank line, or null at the end. */
  final ImportLineReader.Line readLine() {
    try {
      return lines.next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The row of one non-blank line. */
  abstract Row parse(long number, String text);

  static Optional<String> field(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  static String shorten(String reason) {
    String firstLine = reason.lines().findFirst().orElse("");
    return firstLine.length() <= MAX_REASON_CHARS
        ? firstLine
        : firstLine.substring(0, MAX_REASON_CHARS) + "...";
  }

  /** One JSON object per line. */
  private static final class Ndjson extends ShopperImportRows {

    /**
     * A line's fields.
     *
     * @param id the id
     * @param displayName the display name
     * @param language the language
     * @param timeZone the time zone
     */
    record Json(String id, String displayName, String language, String timeZone) {}

    private static final ObjectReader READER =
        JsonMapper.builder()
            .enable(
                DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()
            .readerFor(Json.class);

    Ndjson(InputStream body, int maxLineBytes) {
      super(body, maxLineBytes);
    }

    @Override
    Row parse(long number, String text) {
      Json json;
      try {
        json = READER.readValue(text);
      } catch (UnrecognizedPropertyException e) {
        return new Unreadable(
            number, "unknown field '" + e.getPropertyName() + "' (expected " + FIELDS + ")");
      } catch (StreamReadException e) {
        return new Unreadable(
            number, "not valid JSON: " + shorten(String.valueOf(e.getOriginalMessage())));
      } catch (JacksonException e) {
        return new Unreadable(
            number,
            "not a JSON object of string fields "
                + FIELDS
                + ": "
                + shorten(String.valueOf(e.getOriginalMessage())));
      }
      if (json == null) {
        return new Unreadable(number, "not a JSON object");
      }
      return new Fields(
          number,
          field(json.id()),
          field(json.displayName()),
          field(json.language()),
          field(json.timeZone()));
    }
  }

  /** A header row, then one row per line. */
  private static final class Csv extends ShopperImportRows {

    /** Where each of {@link #FIELDS} is in a row, or -1. */
    private final int[] columnOf = new int[FIELDS.size()];

    private int columns;

    Csv(InputStream body, int maxLineBytes) {
      super(body, maxLineBytes);
    }

    void readHeader() {
      ImportLineReader.Line header = readLine();
      if (header == null) {
        throw new InvalidInputException(
            "header",
            "the CSV body is empty: the first line must be a header such as "
                + String.join(",", FIELDS));
      }
      if (header.text() == null) {
        throw new InvalidInputException(
            "header", "the CSV header cannot be read: " + header.error());
      }
      List<String> names;
      try {
        names = split(header.text());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "header", "the CSV header cannot be read: " + e.getMessage());
      }
      java.util.Arrays.fill(columnOf, -1);
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i).strip();
        int field = FIELDS.indexOf(name);
        if (field < 0) {
          throw new InvalidInputException(
              "header",
              "unknown CSV column '"
                  + shorten(name)
                  + "' (known: "
                  + String.join(",", FIELDS)
                  + ")");
        }
        if (columnOf[field] >= 0) {
          throw new InvalidInputException("header", "the CSV column '" + name + "' appears twice");
        }
        columnOf[field] = i;
      }
      if (columnOf[0] < 0) {
        throw new InvalidInputException("header", "the CSV header must name the column 'id'");
      }
      columns = names.size();
    }

    @Override
    Row parse(long number, String text) {
      List<String> values;
      try {
        values = split(text);
      } catch (IllegalArgumentException e) {
        return new Unreadable(number, e.getMessage());
      }
      if (values.size() != columns) {
        return new Unreadable(
            number, "expected " + columns + " fields as in the header, found " + values.size());
      }
      return new Fields(
          number, value(values, 0), value(values, 1), value(values, 2), value(values, 3));
    }

    private Optional<String> value(List<String> values, int field) {
      return columnOf[field] < 0 ? Optional.empty() : field(values.get(columnOf[field]));
    }

    /**
     * The fields of one CSV line: separated by commas; a field in double quotes may contain commas
     * and doubled quotes ({@code ""} for one {@code "}).
     *
     * @throws IllegalArgumentException with the reason if the quoting is broken
     */
    static List<String> split(String line) {
      List<String> fields = new ArrayList<>(FIELDS.size());
      StringBuilder field = new StringBuilder();
      int i = 0;
      int n = line.length();
      while (true) {
        field.setLength(0);
        if (i < n && line.charAt(i) == '"') {
          int open = i++;
          while (true) {
            if (i >= n) {
              throw new IllegalArgumentException(
                  "the quoted field at column " + (open + 1) + " is not closed");
            }
            char c = line.charAt(i++);
            if (c != '"') {
              field.append(c);
            } else if (i < n && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          }
          if (i < n && line.charAt(i) != ',') {
            throw new IllegalArgumentException(
                "unexpected text after the quoted field at column " + (open + 1));
          }
        } else {
          int start = i;
          while (i < n && line.charAt(i) != ',') {
            if (line.charAt(i) == '"') {
              throw new IllegalArgumentException(
                  "a quote inside an unquoted field at column " + (i + 1));
            }
            i++;
          }
          field.append(line, start, i);
        }
        fields.add(field.toString());
        if (i >= n) {
          return fields;
        }
        i++;
      }
    }
  }
}
