package com.mallquest.mall.adapter.web.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Splits a UTF-8 byte stream into lines without holding more than one line (at most {@code
 * maxLineBytes}) and a 64 KiB read buffer. Lines end with LF or CRLF; a UTF-8 byte order mark at
 * the start is dropped; blank lines (only spaces or tabs) are skipped but counted, so line numbers
 * are those an editor shows. A line that is too long is consumed to its end and reported, not kept.
 */
final class ImportLineReader {

  /**
   * One line.
   *
   * @param number its number, from 1
   * @param text its text without the line end, or null if it could not be read
   * @param error why it could not be read, or null
   */
  record Line(long number, String text, String error) {}

  private static final int BUFFER_BYTES = 64 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private final byte[] line;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int position;
  private int limit;
  private int lineLength;
  private boolean tooLong;
  private long number;
  private boolean ended;

  ImportLineReader(InputStream in, int maxLineBytes) {
    this.in = Objects.requireNonNull(in, "in");
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("max line bytes must be positive, was " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
    // One more byte for the CR of a CRLF line end.
    this.line = new byte[maxLineBytes + 1];
  }

  /** The next line that is not blank, or null at the end of the stream. */
  Line next() throws IOException {
    while (true) {
      if (!readLine()) {
        return null;
      }
      Line read = finishLine();
      if (read != null) {
        return read;
      }
    }
  }

  /**
   * Reads up to the next line end into {@code line}; false at the end of the stream with nothing
   * read.
   */
  private boolean readLine() throws IOException {
    lineLength = 0;
    tooLong = false;
    boolean any = false;
    while (true) {
      if (position == limit) {
        if (ended) {
          return any;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
          ended = true;
          return any;
        }
        position = 0;
        limit = n;
        continue;
      }
      any = true;
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      append(position, end - position);
      if (end < limit) {
        position = end + 1;
        return true;
      }
      position = limit;
    }
  }

  private void append(int from, int length) {
    if (tooLong) {
      return;
    }
    if (lineLength + length > line.length) {
      tooLong = true;
      return;
    }
    System.arraycopy(buffer, from, line, lineLength, length);
    lineLength += length;
  }

  /** The line just read, or null if it is blank. */
  private Line finishLine() {
    number++;
    int start = 0;
    int end = lineLength;
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    if (tooLong || end > maxLineBytes) {
      return new Line(number, null, "the line is longer than " + maxLineBytes + " bytes");
    }
    if (number == 1
        && end >= 3
        && line[0] == (byte) 0xEF
        && line[1] == (byte) 0xBB
        && line[2] == (byte) 0xBF) {
      start = 3;
    }
    if (isBlank(start, end)) {
      return null;
    }
    if (isAscii(start, end)) {
      return new Line(
          number, new String(line, start, end - start, StandardCharsets.ISO_8859_1), null);
    }
    try {
      decoder.reset();
      return new Line(
          number, decoder.decode(ByteBuffer.wrap(line, start, end - start)).toString(), null);
    } catch (CharacterCodingException e) {
      return new Line(number, null, "the line is not valid UTF-8");
    }
  }

  private boolean isBlank(int start, int end) {
    for (int i = start; i < end; i++) {
      if (line[i] != ' ' && line[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private boolean isAscii(int start, int end) {
    for (int i = start; i < end; i++) {
      if (line[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
