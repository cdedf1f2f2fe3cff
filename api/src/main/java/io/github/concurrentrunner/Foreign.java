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

  /**
   * How many of the engine's own wrappers {@link #nearStackOverflow} looks through: one per level
   * of nesting, and a few levels above the overflow leave stack enough for the bookkeeping.
   */
  private static final int STACK_OVERFLOW_LEVELS = 16;

  private Foreign() {}

  /**
   * Whether a task's failure is a {@code StackOverflowError}, or wraps one in at most {@value
   * #STACK_OVERFLOW_LEVELS} of the engine's own {@link TaskFailedException}s (or a {@link
   * java.util.concurrent.CompletionException}): the task ended on a stack that is exhausted or
   * nearly so, a gather nested in it having overflowed it, so the engine records its exit on a
   * fresh stack (R27). Calls no foreign code: it looks only through final classes of the JDK and
   * the engine, whose {@code getCause()} is {@code Throwable}'s.
   */
  static boolean nearStackOverflow(Throwable failure) {
    Throwable t = failure;
    for (int level = 0; level <= STACK_OVERFLOW_LEVELS && t != null; level++) {
      if (t instanceof StackOverflowError) {
        return true;
      }
      Class<?> type = t.getClass();
      if (type != TaskFailedException.class
          && type != java.util.concurrent.CompletionException.class) {
        return false;
      }
      t = t.getCause();
    }
    return false;
  }

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
