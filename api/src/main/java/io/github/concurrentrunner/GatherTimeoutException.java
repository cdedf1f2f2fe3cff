package io.github.concurrentrunner;

import java.time.Duration;

/**
 * Thrown by {@link GatherHandle#await()} of an {@code all}, {@code any}, {@code race} or {@code
 * both} gather when its {@link GatherOptions.Builder#timeout(Duration) timeout} passed before it
 * completed (rule R15). The unfinished tasks were cancelled with interruption. This is neither a
 * {@link TaskFailedException} nor a {@link java.util.concurrent.CancellationException}: no task
 * failed, and nobody cancelled the gather.
 */
public final class GatherTimeoutException extends ConcurrentRunnerException {
  private static final long serialVersionUID = 1L;

  /** The timeout that passed. */
  private final Duration timeout;

  /**
   * Creates the exception. Package-private: only the engine creates one.
   *
   * @param backend the backend's name, or {@code null}
   * @param operation the operation, such as {@code "all"}
   * @param timeout the gather's timeout
   * @param unfinished how many tasks had not finished (including those never started)
   */
  GatherTimeoutException(String backend, String operation, Duration timeout, int unfinished) {
    super(
        backend,
        operation
            + "() timed out after "
            + timeout
            + on(backend)
            + " with "
            + unfinished
            + (unfinished == 1 ? " task" : " tasks")
            + " unfinished",
        null);
    this.timeout = timeout;
  }

  /**
   * Returns the gather's timeout that passed.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }
}
