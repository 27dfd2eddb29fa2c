package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.imports.ShopperImport;
import com.mallquest.mall.adapter.web.imports.ShopperImportRows;
import com.mallquest.mall.application.shopper.ImportShoppers;
import com.mallquest.mall.config.MallQuestProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/shoppers/import} (ADMIN): registers shoppers in bulk from NDJSON or CSV,
 * reading the body as it streams (see {@link ImportShoppers}). The general request size limit does
 * not apply; {@code mallquest.import.max-bytes} does, checked against {@code Content-Length} first
 * and then counted while reading.
 */
@Tag(name = "Shoppers")
@RestController
class ShopperImportController {

  static final String PATH = ShopperImport.PATH;
  static final String NDJSON = "application/x-ndjson";
  static final String CSV = "text/csv";

  /**
   * One rejected row.
   *
   * @param line its line number in the file, from 1
   * @param reason why it was rejected
   */
  record ImportError(long line, String reason) {}

  /**
   * The answer.
   *
   * @param created shoppers created
   * @param skipped rows whose id existed already (in the database or earlier in the file)
   * @param rejected rows refused, all of them
   * @param errors the first rejected rows with their reasons
   * @param errorsTruncated whether more rows were rejected than {@code errors} lists
   */
  record ImportResponse(
      long created,
      long skipped,
      long rejected,
      List<ImportError> errors,
      boolean errorsTruncated) {
    static ImportResponse of(ImportShoppers.Result result) {
      return new ImportResponse(
          result.created(),
          result.skipped(),
          result.rejected(),
          result.errors().stream().map(e -> new ImportError(e.line(), e.reason())).toList(),
          result.errorsTruncated());
    }
  }

  private final ImportShoppers importShoppers;
  private final long maxBytes;
  private final int maxLineBytes;

  ShopperImportController(ImportShoppers importShoppers, MallQuestProperties properties) {
    this.importShoppers = importShoppers;
    this.maxBytes = properties.imports().maxBytes().toBytes();
    this.maxLineBytes = Math.toIntExact(properties.imports().maxLineBytes().toBytes());
  }

  @Operation(operationId = "importShoppers", summary = "Import shoppers in bulk from NDJSON or CSV")
  @PostMapping(
      path = PATH,
      consumes = {NDJSON, CSV},
      produces = MediaType.APPLICATION_JSON_VALUE)
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      description =
          "One shopper per line, "
              + "UTF-8: NDJSON objects, or CSV with a header line naming the columns; the fields are those of a "
              + "registration (id, displayName, language, timeZone), each optional but id",
      content = {
        @Content(
            mediaType = NDJSON,
            schema = @Schema(type = "string"),
            examples =
                @ExampleObject(
                    name = "ndjson",
                    value =
                        "{\"id\":\"ada\",\"displayName\":\"Ada\",\"language\":\"en\"}\n"
                            + "{\"id\":\"grace\",\"displayName\":\"Grace\"}\n")),
        @Content(
            mediaType = CSV,
            schema = @Schema(type = "string"),
            examples =
                @ExampleObject(
                    name = "csv",
                    value =
                        "id,displayName,language,timeZone\nada,Ada,en,Europe/Madrid\ngrace,Grace,,\n"))
      })
  ImportResponse importShoppers(
      HttpServletRequest request,
      @Parameter(hidden = true) @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type)
      throws IOException, HttpMediaTypeNotSupportedException {
    if (type.getCharset() != null && !StandardCharsets.UTF_8.equals(type.getCharset())) {
      throw new HttpMediaTypeNotSupportedException(
          type,
          List.of(
              MediaType.parseMediaType(NDJSON + ";charset=UTF-8"),
              MediaType.parseMediaType(CSV + ";charset=UTF-8")),
          HttpMethod.POST);
    }
    if (request.getContentLengthLong() > maxBytes) {
      throw new RequestSizeLimitFilter.BodyTooLargeException(maxBytes);
    }
    InputStream body =
        new RequestSizeLimitFilter.LimitedInputStream(request.getInputStream(), maxBytes);
    ShopperImportRows rows =
        type.isCompatibleWith(MediaType.parseMediaType(CSV))
            ? ShopperImportRows.csv(body, maxLineBytes)
            : ShopperImportRows.ndjson(body, maxLineBytes);
    return ImportResponse.of(importShoppers.importAll(rows));
  }
}
