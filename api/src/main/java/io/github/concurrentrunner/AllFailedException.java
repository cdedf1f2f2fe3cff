package io.github.concurrentrunner;

import java.util.Arrays;
import java.util.List;

/**
 * Thrown by {@link GatherHandle#await()} of an {@code any} gather when no task succeeded (rules R3,
 * R13), like JavaScript's {@code AggregateError}. {@link #failures()} holds every task's failure in
 * input order (for a task that timed out, its {@link TaskTimeoutException}); the same exceptions
 * are attached in the same order as {@linkplain #getSuppressed() suppressed} exceptions. An {@code
 * any} over no tasks throws this exception with zero failures.
 */
public final class AllFailedException extends ConcurrentRunnerException {
  private static final long serialVersionUID = 1L;

  /** The failures in input order. */
  private final Throwable[] failures;

  /**
   * Creates the exception and attaches each failure as suppressed, in order. Package-private:
   * only the engine creates one.
   *
   * @param backend the backend's name, or {@code null}
   * @param failures every task's failure in input order; no element may be null
   */
  @SuppressWarnings("this-escape") // addSuppressed/setStackTrace are final in Throwable
  AllFailedException(String backend, List<? extends Throwable> failures) {
    super(backend, message(backend, failures.size()), null);
    this.failures = failures.toArray(new Throwable[0]);
    for (Throwable failure : this.failures) {
      addSuppressed(java.util.Objects.requireNonNull(failure, "failure"));
    }
  }

  private static String message(String backend, int count) {
    return count == 0
        ? "any() over no tasks: nothing can succeed" + on(backend)
        : "all " + count + (count == 1 ? " task" : " tasks") + " failed" + on(backend);
  }

  /**
   * Returns every task's failure, in input order.
   *
   * @return an unmodifiable list, empty for a gather over no tasks
   */
  public List<Throwable> failures() {
    return List.copyOf(Arrays.asList(failures));
  }
}
