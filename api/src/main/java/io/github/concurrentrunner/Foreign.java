package io.github.concurrentrunner;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How the engine treats what it did not write (rule R27): a task's exception is a graph that may
 * be a cycle and whose methods may throw, and a duration may exceed what a {@code long} of
 * nanoseconds holds (rule R28). Every method here is bounded, never throws, and is called without
 * the gather's lock where it calls foreign code.
 */
final class Foreign {
  /**
   * The longest cause chain the engine walks. Real chains are a handful of links deep; a chain
   * longer than this is treated as not containing what was looked for.
   */
  static final int MAX_CAUSE_DEPTH = 64;

  private Foreign() {}

  /**
   * Whether {@code failure} or one of its causes matches, walking at most {@link
   * #MAX_CAUSE_DEPTH} links, each distinct instance once (a cycle ends the walk). A {@code
   * getCause()} that throws ends the walk as well. {@code matches} must not call foreign code.
   */
  static boolean causeChainContains(Throwable failure, Predicate<Throwable> matches) {
    Map<Throwable, Boolean> seen = null;
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (matches.test(t)) {
        return true;
      }
      Throwable cause;
      try {
        cause = t.getCause();
      } catch (Throwable broken) {
        return false;
      }
      if (cause == t) {
        return false;
      }
      if (seen == null) {
        seen = new IdentityHashMap<>();
      }
      if (seen.put(t, Boolean.TRUE) != null) {
        return false; // a cycle
      }
      t = cause;
    }
    return false;
  }

  /**
   * Whether a foreign exception can be described: its {@code toString()} returns without
   * throwing. Calls foreign code: never with a lock held.
   */
  static boolean isPrintable(Throwable failure) {
    try {
      return String.valueOf(failure) != null;
    } catch (Throwable unprintable) {
      return false;
    }
  }

  /**
   * A foreign exception's {@code toString()}, or its class name where that throws or returns
   * null (R27). Calls foreign code: never with a lock held.
   */
  static String describe(Throwable failure) {
    try {
      String text = String.valueOf(failure);
      if (text != null) {
        return text;
      }
    } catch (Throwable unprintable) {
      // below
    }
    return failure.getClass().getName();
  }

  /**
   * A duration in nanoseconds, saturated as {@link java.util.concurrent.TimeUnit#convert} does:
   * {@code Long.MAX_VALUE} for anything longer (about 292 years, "practically never"), {@code
   * Long.MIN_VALUE} for anything more negative.
   */
  static long saturatedNanos(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE;
    }
    return seconds * 1_000_000_000L + duration.getNano();
  }

  /** A duration that a driver can always convert to nanoseconds: at most {@code Long.MAX_VALUE}. */
  static Duration saturated(Duration duration) {
    long nanos = saturatedNanos(duration);
    return nanos == Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : duration;
  }
}
