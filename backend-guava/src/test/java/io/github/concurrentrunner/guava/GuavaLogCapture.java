package io.github.concurrentrunner.guava;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what Guava logs through {@code java.util.logging} (its {@code AggregateFuture} logs
 * input failures at {@code SEVERE}, its {@code AbstractFuture} a throwing listener) while
 * installed, and restores the logger afterwards.
 */
final class GuavaLogCapture implements AutoCloseable {
  /** Guava's root logger, held strongly: java.util.logging keeps loggers weakly. */
  private static final Logger GUAVA = Logger.getLogger("com.google.common");

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Level previousLevel;
  private final boolean previousUseParentHandlers;

  private GuavaLogCapture(boolean quiet) {
    previousLevel = GUAVA.getLevel();
    previousUseParentHandlers = GUAVA.getUseParentHandlers();
    handler.setLevel(Level.ALL);
    GUAVA.setLevel(Level.ALL);
    if (quiet) {
      GUAVA.setUseParentHandlers(false);
    }
    GUAVA.addHandler(handler);
  }

  /** Starts capturing; Guava's records still reach the console too. */
  static GuavaLogCapture start() {
    return new GuavaLogCapture(false);
  }

  /** Starts capturing, keeping Guava's records out of the console (for expected records). */
  static GuavaLogCapture startQuietly() {
    return new GuavaLogCapture(true);
  }

  /** What Guava logged since the capture started. */
  List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** Describes the records for an assertion message. */
  String describe() {
    StringBuilder text = new StringBuilder();
    for (LogRecord record : records) {
      text.append(record.getLevel())
          .append(' ')
          .append(record.getLoggerName())
          .append(": ")
          .append(record.getMessage())
          .append(record.getThrown() == null ? "" : " " + record.getThrown())
          .append('\n');
    }
    return text.toString();
  }

  @Override
  public void close() {
    GUAVA.removeHandler(handler);
    GUAVA.setUseParentHandlers(previousUseParentHandlers);
    GUAVA.setLevel(previousLevel);
  }
}
