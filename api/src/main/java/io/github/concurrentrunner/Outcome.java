package io.github.concurrentrunner;

import java.util.Objects;

/**
 * How one task of an {@code allSettled} gather ended: exactly one of {@link Success}, {@link
 * Failure} or {@link TimedOut} (rule R12). A sealed interface of records, for pattern matching:
 * {@code instanceof} patterns, and on JDK 21+ an exhaustive {@code switch} without a default.
 *
 * <pre>{@code
 * for (Outcome<String> outcome : handle.await()) {
 *   if (outcome instanceof Outcome.Success<String> s) {
 *     lines.add("ok: " + s.value());
 *   } else if (outcome instanceof Outcome.Failure<String> f) {
 *     lines.add("failed: " + f.exception());
 *   } else {
 *     lines.add("timed out");
 *   }
 * }
 * }</pre>
 *
 * <p>Everything the task did happens-before the outcome is read (rule R22).
 *
 * @param <T> the task's result type
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure, Outcome.TimedOut {

  /**
   * Returns whether this is a {@link Success}.
   *
   * @return true for a success (also when its value is {@code null})
   */
  default boolean isSuccess() {
    return this instanceof Success;
  }

  /**
   * Returns the value of a success, or throws.
   *
   * @return the task's value, possibly {@code null}
   * @throws TaskFailedException wrapping the task's exception for a {@link Failure}
   * @throws IllegalStateException for {@link TimedOut}
   */
  T getOrThrow();

  /**
   * Creates a success.
   *
   * @param value the value, may be {@code null}
   * @param <T> the type
   * @return a success holding {@code value}
   */
  static <T> Outcome<T> success(T value) {
    return new Success<>(value);
  }

  /**
   * The task returned a value, which may be {@code null} (rule R5).
   *
   * @param value the task's result, possibly {@code null}
   * @param <T> the type
   */
  record Success<T>(T value) implements Outcome<T> {
    @Override
    public T getOrThrow() {
      return value;
    }
  }

  /**
   * The task threw. {@link #exception()} is the very instance it threw (rule R8), never a
   * wrapper.
   *
   * @param exception what the task threw
   * @param <T> the type
   */
  record Failure<T>(Throwable exception) implements Outcome<T> {
    /**
     * Creates a failure.
     *
     * @param exception what the task threw; must not be null
     */
    public Failure {
      Objects.requireNonNull(exception, "exception");
    }

    @Override
    public T getOrThrow() {
      throw new TaskFailedException(null, -1, null, exception);
    }
  }

  /**
   * The task did not finish in time: its {@code taskTimeout} or the gather's {@code timeout} ran
   * out first, including tasks that never started.
   *
   * @param <T> the type
   */
  record TimedOut<T>() implements Outcome<T> {
    @Override
    public T getOrThrow() {
      throw new IllegalStateException("the task timed out; it has no value");
    }
  }
}
