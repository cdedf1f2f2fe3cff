package io.github.concurrentrunner;

/**
 * Receives failures that no caller can see any more (rule R11): tasks that leaked past their
 * grace period, tasks that failed after their gather completed, callbacks that threw. Set one with
 * {@link ConcurrentRunner.Builder#failureHandler(FailureHandler)}; the {@linkplain #logging()
 * default} logs each event once through {@link System.Logger} at {@code WARNING}.
 *
 * <p>The handler is called on whichever thread observed the failure (a task's thread or the
 * runner's timer thread); it should return quickly. If it throws, that exception is logged
 * through {@link System.Logger} together with the event, and is not propagated.
 */
@FunctionalInterface
public interface FailureHandler {

  /**
   * Handles one event.
   *
   * @param event what happened; never null
   */
  void handle(FailureEvent event);

  /**
   * Returns the default handler: it logs every event through the {@link System.Logger} named
   * {@code io.github.concurrentrunner} at {@code WARNING}, with the exception. An exception that
   * cannot be printed (its {@code toString()}, or that of a cause or suppressed exception,
   * throws) is named by its class in the message and not attached, as a log formatter would fail
   * on it and drop the record (rule R27).
   *
   * @return the logging handler
   */
  static FailureHandler logging() {
    return event -> {
      System.Logger logger = System.getLogger("io.github.concurrentrunner");
      if (!logger.isLoggable(System.Logger.Level.WARNING)) {
        return; // the failure's own code is not even looked at
      }
      Throwable failure = event.failure();
      boolean printable = Foreign.isPrintableWithTrace(failure);
      logger
          .log(
              System.Logger.Level.WARNING,
              () ->
                  "concurrent-runner ("
                      + event.backend()
                      + "): "
                      + event.kind()
                      + (event.taskIndex() < 0
                          ? ""
                          : " of "
                              + ConcurrentRunnerException.describe(
                                  event.taskIndex(), event.taskName()))
                      + (printable
                          ? ""
                          : ": "
                              + failure.getClass().getName()
                              + " (not attached: it, or an exception it links to, cannot be"
                              + " printed)"),
              printable ? failure : null);
    };
  }
}
