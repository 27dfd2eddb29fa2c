package com.mallquest.mall.adapter.web.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.adapter.web.RequestSizeLimitFilter;
import com.mallquest.mall.application.shopper.ImportShoppers.Fields;
import com.mallquest.mall.application.shopper.ImportShoppers.Row;
import com.mallquest.mall.application.shopper.ImportShoppers.Unreadable;
import com.mallquest.mall.domain.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShopperImportRowsTest {

  private static final int MAX_LINE = 200;

  @Test
  void csv_quotedFields_keepCommasAndDoubledQuotes() {
    List<Row> rows =
        csv(
            "id,displayName,language,timeZone\n"
                + "a1,\"Smith, Ann\",en,Europe/Berlin\n"
                + "a2,\"She said \"\"hi\"\"\",,\n"
                + "\"a3\",\"\",pt-BR,\"UTC\"\n");

    assertThat(rows)
        .containsExactly(
            new Fields(
                2,
                Optional.of("a1"),
                Optional.of("Smith, Ann"),
                Optional.of("en"),
                Optional.of("Europe/Berlin")),
            new Fields(
                3,
                Optional.of("a2"),
                Optional.of("She said \"hi\""),
                Optional.empty(),
                Optional.empty()),
            new Fields(
                4, Optional.of("a3"), Optional.empty(), Optional.of("pt-BR"), Optional.of("UTC")));
  }

  @Test
  void csv_bomCrlfAndBlankLines_areHandledAndLinesKeepTheirNumbers() {
    List<Row> rows = csv("\uFEFFid,displayName\r\n\r\n  \r\nb1,Bea\r\n\nb2,Bo");

    assertThat(rows)
        .containsExactly(
            new Fields(
                4, Optional.of("b1"), Optional.of("Bea"), Optional.empty(), Optional.empty()),
            new Fields(
                6, Optional.of("b2"), Optional.of("Bo"), Optional.empty(), Optional.empty()));
  }

  @Test
  void csv_columnsInAnyOrder_mapByHeader() {
    assertThat(csv("timeZone,id\nAsia/Tokyo,c1\n"))
        .containsExactly(
            new Fields(
                2,
                Optional.of("c1"),
                Optional.empty(),
                Optional.empty(),
                Optional.of("Asia/Tokyo")));
  }

  @Test
  void csv_badRows_areReportedWithTheirLineNumbersAndTheRestIsRead() {
    List<Row> rows =
        csv(
            "id,displayName\n"
                + "d1,\"unclosed\n"
                + "d2,a,b\n"
                + "d3,x\"y\n"
                + "d4,\"q\"z\n"
                + "d5,Dee\n");

    assertThat(rows).hasSize(5);
    assertThat(rows.get(0))
        .isEqualTo(new Unreadable(2, "the quoted field at column 4 is not closed"));
    assertThat(rows.get(1))
        .isEqualTo(new Unreadable(3, "expected 2 fields as in the header, found 3"));
    assertThat(rows.get(2))
        .isEqualTo(new Unreadable(4, "a quote inside an unquoted field at column 5"));
    assertThat(rows.get(3))
        .isEqualTo(new Unreadable(5, "unexpected text after the quoted field at column 4"));
    assertThat(rows.get(4))
        .isEqualTo(
            new Fields(
                6, Optional.of("d5"), Optional.of("Dee"), Optional.empty(), Optional.empty()));
  }

  @Test
  void csv_badHeader_isRefusedBeforeAnyRow() {
    assertThatThrownBy(() -> csv("id,email\nx,y\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown CSV column 'email'");
    assertThatThrownBy(() -> csv("displayName\nx\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must name the column 'id'");
    assertThatThrownBy(() -> csv("id,id\nx,y\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> csv("\n\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void overLongLine_isRejectedAndTheNextLineIsRead() {
    String longName = "x".repeat(MAX_LINE * 3);
    List<Row> rows =
        ndjson("{\"id\":\"e1\",\"displayName\":\"" + longName + "\"}\n{\"id\":\"e2\"}\n");

    assertThat(rows)
        .containsExactly(
            new Unreadable(1, "the line is longer than " + MAX_LINE + " bytes"),
            new Fields(2, Optional.of("e2"), Optional.empty(), Optional.empty(), Optional.empty()));
  }

  @Test
  void lineOfExactlyTheLimit_isReadEvenWithCrlf() {
    String frame = "{\"id\":\"f1\",\"displayName\":\"\"}";
    String line =
        frame.substring(0, frame.length() - 2) + "y".repeat(MAX_LINE - frame.length()) + "\"}";
    assertThat(line.length()).isEqualTo(MAX_LINE);

    assertThat(ndjson(line + "\r\n")).singleElement().isInstanceOf(Fields.class);
    assertThat(ndjson(line + "z\r\n")).singleElement().isInstanceOf(Unreadable.class);
  }

  @Test
  void invalidUtf8_isRejectedAsARow() {
    byte[] bad =
        "{\"id\":\"g1\",\"displayName\":\"\u00e9\"}\n{\"id\":\"g2\",\"displayName\":\"X\"}\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    List<Row> rows = read(ShopperImportRows.ndjson(new ByteArrayInputStream(bad), MAX_LINE));

    assertThat(rows)
        .containsExactly(
            new Unreadable(1, "the line is not valid UTF-8"),
            new Fields(2, Optional.of("g2"), Optional.of("X"), Optional.empty(), Optional.empty()));
  }

  @Test
  void ndjson_multibyteText_isDecoded() {
    assertThat(ndjson("{\"id\":\"h1\",\"displayName\":\"Zoë 学\"}"))
        .containsExactly(
            new Fields(
                1, Optional.of("h1"), Optional.of("Zoë 学"), Optional.empty(), Optional.empty()));
  }

  @Test
  void ndjson_badLines_areReportedWithTheirReasons() {
    List<Row> rows =
        ndjson(
            "{\"id\":\"i1\",\"email\":\"x\"}\n"
                + "{\"id\":\n"
                + "[1,2]\n"
                + "{\"id\":\"i2\",\"id\":\"i3\"}\n"
                + "{\"id\":\"i4\"} {}\n"
                + "null\n"
                + "{\"id\":\"i5\",\"language\":null}\n");

    assertThat(rows).hasSize(7);
    assertThat(((Unreadable) rows.get(0)).reason()).startsWith("unknown field 'email'");
    assertThat(((Unreadable) rows.get(1)).reason()).startsWith("not valid JSON");
    assertThat(((Unreadable) rows.get(2)).reason()).startsWith("not a JSON object");
    assertThat(((Unreadable) rows.get(3)).reason()).contains("id");
    assertThat(rows.get(4)).isInstanceOf(Unreadable.class);
    assertThat(rows.get(5)).isEqualTo(new Unreadable(6, "not a JSON object"));
    assertThat(rows.get(6))
        .isEqualTo(
            new Fields(7, Optional.of("i5"), Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(rows).extracting(Row::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void limitedStream_failsOncePastTheLimit() {
    byte[] body =
        "{\"id\":\"j1\"}\n{\"id\":\"j2\"}\n{\"id\":\"j3\"}\n".getBytes(StandardCharsets.UTF_8);
    InputStream limited =
        new RequestSizeLimitFilter.LimitedInputStream(new ByteArrayInputStream(body), 20);
    Iterator<Row> rows = ShopperImportRows.ndjson(limited, MAX_LINE);

    assertThatThrownBy(() -> read(rows))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(RequestSizeLimitFilter.BodyTooLargeException.class);
  }

  private static List<Row> csv(String body) {
    return read(
        ShopperImportRows.csv(
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), MAX_LINE));
  }

  private static List<Row> ndjson(String body) {
    return read(
        ShopperImportRows.ndjson(
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), MAX_LINE));
  }

  private static List<Row> read(Iterator<Row> rows) {
    List<Row> all = new ArrayList<>();
    rows.forEachRemaining(all::add);
    return all;
  }
}
