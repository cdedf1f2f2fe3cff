package io.github.concurrentrunner.tck;

import java.time.Duration;

/**
 * The kit's named delays, all multiplied by the factor in the system property {@value
 * #FACTOR_PROPERTY} (default 1), as jsr166's {@code JSR166TestCase} does: a slow or loaded machine
 * raises the factor instead of editing tests. Tests coordinate with latches; these delays are only
 * the lengths of timeouts under test and upper bounds on waits for things that must happen.
 */
final class Delays {
  /** The system property holding the factor. */
  static final String FACTOR_PROPERTY = "concurrentrunner.test.delayFactor";

  /**
   * The factor every delay is multiplied by: the property's, times the REMOTE profile's ({@link
   * TckProfile#REMOTE_FACTOR_PROPERTY}, default 1).
   */
  static final double FACTOR = factor(FACTOR_PROPERTY) * factor(TckProfile.REMOTE_FACTOR_PROPERTY);

  /** A timeout under test that nothing has to beat: it must simply pass. */
  static final Duration TICK = scaled(50);

  /**
   * A timeout under test that must not pass before the gather has launched its first tasks
   * (which it does right after arming the timer, on the same thread).
   */
  static final Duration SHORT = scaled(300);

  /**
   * A timeout under test that quick tasks (which return at once) must beat. Generous: on a
   * loaded two-core machine a runnable thread can wait hundreds of milliseconds for a core.
   */
  static final Duration MEDIUM = scaled(1_000);

  /** The grace period of tests about leaked tasks (rule R10). */
  static final Duration GRACE = scaled(300);

  /** Scheduling slack allowed on top of a deadline (timeout + gracePeriod, rule R10). */
  static final Duration SLACK = scaled(3_000);

  /**
   * The longest a test waits for something that must happen (a gather completing, a task being
   * interrupted). A correct runner never comes close; a broken one makes the test fail after it.
   */
  static final Duration LONG = scaled(5_000);

  private Delays() {}

  private static double factor(String property) {
    String value = System.getProperty(property, "1");
    try {
      double parsed = Double.parseDouble(value.trim());
      if (parsed > 0 && !Double.isInfinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(
        property + " must be a positive number but was '" + value + "'");
  }

  private static Duration scaled(long millis) {
    return Duration.ofNanos(Math.round(millis * 1_000_000L * FACTOR));
  }
}
