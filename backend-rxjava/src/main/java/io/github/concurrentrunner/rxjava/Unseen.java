package io.github.concurrentrunner.rxjava;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What {@link RxTasks} and {@link RxGathers} do with a failure that no caller can see and that no
 * runner's {@code FailureHandler} can be reached for (they hold no runner): it is logged through
 * the {@link System.Logger} named {@code io.github.concurrentrunner.rxjava} at {@code WARNING},
 * never sent to {@code RxJavaPlugins.onError}. Also RxJava's wrapper of what a source's {@code
 * subscribeActual} threw. Never throws.
 */
final class Unseen {
  static final String LOGGER_NAME = "io.github.concurrentrunner.rxjava";

  private static final System.Logger LOGGER = System.getLogger(LOGGER_NAME);

  /** The message of the NullPointerException that Single and Maybe.subscribe wrap a throw in. */
  private static final String SUBSCRIBE_FAILED = "subscribeActual failed";

  /** The message of the NullPointerException that Completable.subscribe wraps a throw in. */
  private static final String COMPLETABLE_SUBSCRIBE_FAILED =
      "Actually not, but can't pass out an exception otherwise...";

  /** How many causes an interruption is looked for in (the engine's own walk is bounded too). */
  private static final int MAX_CAUSE_DEPTH = 64;

  private Unseen() {}

  /**
   * What a source's {@code subscribeActual} threw, given what its {@code subscribe} threw: RxJava
   * 3.1 wraps anything but a {@code NullPointerException} (or a fatal error, thrown as it is) in a
   * plain {@code NullPointerException} with a message of its own and the thrown exception as the
   * cause. Only that exact wrapper is unwrapped; anything else is returned as it is.
   */
  static Throwable unwrapSubscribeFailure(Throwable thrown) {
    if (thrown.getClass() != NullPointerException.class) {
      return thrown;
    }
    String message = thrown.getMessage(); // a plain NPE's: the JDK's code
    if (!SUBSCRIBE_FAILED.equals(message) && !COMPLETABLE_SUBSCRIBE_FAILED.equals(message)) {
      return thrown;
    }
    Throwable cause = thrown.getCause();
    // RxJava rethrows a NullPointerException unwrapped, so a wrapper's cause is never one.
    return cause == null || cause == thrown || cause instanceof NullPointerException
        ? thrown
        : cause;
  }

  /**
   * Whether a failure is an interruption or a cancellation (in its cause chain, walked bounded and
   * safe against cycles and throwing {@code getCause()}), as the engine decides for a task it
   * cancelled (rule R9).
   */
  static boolean isInterruption(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (t instanceof InterruptedException
          || t instanceof java.util.concurrent.CancellationException
          || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException) {
        return true;
      }
      if (seen.put(t, Boolean.TRUE) != null) {
        return false; // a cycle
      }
      try {
        t = t.getCause();
      } catch (Throwable broken) {
        return false;
      }
    }
    return false;
  }

  /**
   * Logs a failure nobody else can see at {@code WARNING}, with the exception attached; an
   * exception that cannot be printed (its {@code toString()}, or a cause's or a suppressed
   * exception's, throws) is named by its class in the message instead, as the runner's default
   * {@code FailureHandler} does, since a log formatter would fail on it and drop the record. A
   * logger that throws loses the record, and nothing else.
   *
   * @param message says what happened, naming the task or the gather
   * @param failure the exception
   */
  static void warn(String message, Throwable failure) {
    try {
      if (!LOGGER.isLoggable(System.Logger.Level.WARNING)) {
        return; // the failure's own code is not even looked at
      }
      boolean printable = isPrintableWithTrace(failure);
      LOGGER.log(
          System.Logger.Level.WARNING,
          printable
              ? message
              : message
                  + ": "
                  + failure.getClass().getName()
                  + " (not attached: it, or an exception it links to, cannot be printed)",
          printable ? failure : null);
    } catch (Throwable loggerFailure) {
      // Nowhere left to report to.
    }
  }

  /** An object's {@code toString()}, or its class name if that throws or returns null. */
  static String describe(Object foreign) {
    try {
      String text = String.valueOf(foreign);
      if (text != null) {
        return text;
      }
    } catch (Throwable unprintable) {
      // below
    }
    return foreign.getClass().getName();
  }

  private static boolean isPrintableWithTrace(Throwable failure) {
    try {
      failure.printStackTrace(new PrintWriter(Writer.nullWriter()));
      return true;
    } catch (Throwable unprintable) {
      return false;
    }
  }
}
