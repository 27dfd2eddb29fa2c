package com.mallquest.bench.sim;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/** The record formats of the public traces (see the trace set's README); each streams its keys. */
public enum TraceFormat {

  /**
   * LIRS: one decimal integer per line; blank lines and {@code *} lines are skipped (loop uses
   * CRLF).
   */
  LIRS_TEXT {
    @Override
    void read(InputStream in, LongConsumer keys) throws IOException {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String t = line.trim();
        if (!t.isEmpty() && !t.equals("*")) {
          keys.accept(Long.parseLong(t));
        }
      }
    }
  },

  /** ARC: {@code start count ignore seq}; keys {@code start .. start+count-1}. */
  ARC_TEXT {
    @Override
    void read(InputStream in, LongConsumer keys) throws IOException {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String t = line.trim();
        if (t.isEmpty()) {
          continue;
        }
        String[] fields = t.split("\\s+");
        long start = Long.parseLong(fields[0]);
        long count = Long.parseLong(fields[1]);
        for (long k = start; k < start + count; k++) {
          keys.accept(k);
        }
      }
    }
  },

  /** Big-endian 32-bit ints (cache2k). */
  INT32_BE {
    @Override
    void read(InputStream in, LongConsumer keys) throws IOException {
      DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
      while (true) {
        int key;
        try {
          key = data.readInt();
        } catch (EOFException end) {
          return;
        }
        keys.accept(key);
      }
    }
  },

  /** Big-endian 64-bit longs (Corda). */
  INT64_BE {
    @Override
    void read(InputStream in, LongConsumer keys) throws IOException {
      DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
      while (true) {
        long key;
        try {
          key = data.readLong();
        } catch (EOFException end) {
          return;
        }
        keys.accept(key);
      }
    }
  };

  /** Passes every key of the (already decompressed) stream {@code in} to {@code keys}, in order. */
  abstract void read(InputStream in, LongConsumer keys) throws IOException;
}
