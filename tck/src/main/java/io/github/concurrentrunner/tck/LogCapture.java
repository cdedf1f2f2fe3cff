package io.github.concurrentrunner.tck;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one {@code java.util.logging} logger (and its children) records while installed,
 * and restores the logger on {@link #close()}. For backend tests: the TCK checks with it that the
 * default failure handler logs through {@code System.Logger}, and a backend can check that its
 * library logs nothing the runner already delivers. The Guava backend's TCK test starts a capture
 * of Guava's loggers in {@code @BeforeAll}:
 *
 * <pre>{@code
 * guavaLog = LogCapture.start("com.google.common");
 * }</pre>
 *
 * <p>and, once the whole kit has run, asserts in {@code @AfterAll} that Guava logged nothing:
 *
 * <pre>{@code
 * assertThat(guavaLog.records()).as(guavaLog.describe()).isEmpty();
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
  /** Held strongly while capturing: java.util.logging keeps loggers weakly. */
  private final Logger logger;

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

  private LogCapture(String loggerName, boolean quiet) {
    logger = Logger.getLogger(Objects.requireNonNull(loggerName, "loggerName"));
    previousLevel = logger.getLevel();
    previousUseParentHandlers = logger.getUseParentHandlers();
    handler.setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    if (quiet) {
      logger.setUseParentHandlers(false);
    }
    logger.addHandler(handler);
  }

  /**
   * Starts capturing every level of the named logger; its records still reach the parent
   * handlers (the console) too.
   *
   * @param loggerName the {@code java.util.logging} logger name, e.g. {@code "com.google.common"}
   * @return the capture; close it to restore the logger
   * @throws NullPointerException if {@code loggerName} is null
   */
  public static LogCapture start(String loggerName) {
    return new LogCapture(loggerName, false);
  }

  /**
   * Starts capturing every level of the named logger and keeps its records away from the parent
   * handlers, for records a test expects and does not want in the build log.
   *
   * @param loggerName the {@code java.util.logging} logger name
   * @return the capture; close it to restore the logger
   * @throws NullPointerException if {@code loggerName} is null
   */
  public static LogCapture startQuietly(String loggerName) {
    return new LogCapture(loggerName, true);
  }

  /**
   * Returns what was logged since the capture started.
   *
   * @return a snapshot of the records, in the order they were published
   */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  /**
   * Describes the records for an assertion message: one line each, level, logger, message and
   * thrown exception.
   *
   * @return the description, empty if nothing was logged
   */
  public String describe() {
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

  /** Stops capturing and restores the logger's level and use of parent handlers. */
  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(previousUseParentHandlers);
    logger.setLevel(previousLevel);
  }
}
