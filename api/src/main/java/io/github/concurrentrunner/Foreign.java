package io.github.concurrentrunner;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How the engine treats what it did not write (rule R27): a task's exception is a graph that may
 * be a cycle and whose methods may throw, and a duration may exceed what a {@code long} of
 * nanoseconds holds (rule R28). Every method here is bounded, never throws (but for {@link
 * #requireStackRoom}, whose purpose it is), and is called without the gather's lock where it calls
 * foreign code.
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

  /**
   * How many frames of {@link #probe} {@link #requireStackRoom} asks for: each keeps six longs
   * across its call (about 100 bytes a frame compiled, twice that interpreted), so together they
   * take over 6 KiB, several times what the hand-off that follows needs (a compiled method and the
   * interpreter bang the stack the same distance ahead of their frames, so only the frames count).
   */
  private static final int STACK_PROBE_FRAMES = 64;

  private Foreign() {}

  /**
   * Throws a {@code StackOverflowError} unless this thread's stack has room to spare (over 6
   * KiB), and changes nothing either way (R27). The engine calls it before handing work off from
   * a stack that may be nearly exhausted: the executor's own code is not safe against a {@code
   * StackOverflowError} striking half-way through it. The {@code ForkJoinPool} behind virtual
   * threads takes an internal lock to accept a task, and an overflow while it holds the lock
   * leaves it held: the JVM's virtual-thread scheduler then hangs for good (seen on JDK 25, where
   * the runner's callbacks run on virtual threads). The probe's own overflow strikes in frames
   * of its own, which hold no lock and share no state.
   */
  static void requireStackRoom() {
    if (probe(STACK_PROBE_FRAMES, 1, 2, 3, 4, 5, 6) == Long.MIN_VALUE) {
      throw new AssertionError("unreachable: the probe's frames never sum to Long.MIN_VALUE");
    }
  }

  /**
   * Recurses {@code frames} deep; every argument is live across the call, so the compiled frame
   * keeps them on the stack. The result is used by the caller so that no call can be elided.
   */
  private static long probe(int frames, long a, long b, long c, long d, long e, long f) {
    if (frames == 0) {
      return a + b + c + d + e + f;
    }
    long below = probe(frames - 1, b, c, d, e, f, a + 1);
    return below ^ a ^ b ^ c ^ d ^ e ^ f;
  }

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
   * Whether a foreign exception can be printed with its stack trace, as a log formatter does:
   * its {@code toString()}, and those of its causes and suppressed exceptions, return without
   * throwing ({@code printStackTrace} itself stops at cycles). Calls foreign code: never with a
   * lock held.
   */
  static boolean isPrintableWithTrace(Throwable failure) {
    try {
      failure.printStackTrace(new PrintWriter(Writer.nullWriter()));
      return true;
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
