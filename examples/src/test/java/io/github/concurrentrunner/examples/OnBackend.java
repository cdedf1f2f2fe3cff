package io.github.concurrentrunner.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs an example with the system property {@code concurrentrunner.backend} set, as a user would
 * with {@code -Dconcurrentrunner.backend=<name>}, and restores the property afterwards. The
 * example's output goes to a buffer.
 */
final class OnBackend {
  static final String PROPERTY = "concurrentrunner.backend";

  /** An example's {@code run(PrintStream)}. */
  @FunctionalInterface
  interface Example<R> {
    R run(PrintStream out) throws Exception;
  }

  /** What an example returned and printed. */
  record Run<R>(R result, String output) {}

  private OnBackend() {}

  /** Runs the example with the property set to {@code backend} (or cleared, if null). */
  static <R> Run<R> run(String backend, Example<R> example) throws Exception {
    String previous = System.getProperty(PROPERTY);
    set(backend);
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      R result;
      try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
        result = example.run(out);
      }
      return new Run<>(result, buffer.toString(StandardCharsets.UTF_8));
    } finally {
      set(previous);
    }
  }

  private static void set(String value) {
    if (value == null) {
      System.clearProperty(PROPERTY);
    } else {
      System.setProperty(PROPERTY, value);
    }
  }
}
