package io.github.concurrentrunner;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * <p>Without patterns, the accessors keep JDK 17 code short: {@link #isSuccess()}, {@link
 * #isFailure()}, {@link #isTimedOut()}, {@link #getOrThrow()}, {@link #orElse(Object)} and {@link
 * #exception()}:
 *
 * <pre>{@code
 * List<String> values = new ArrayList<>();
 * for (Outcome<String> outcome : outcomes) {
 *   values.add(outcome.orElse("n/a"));     // the value, or n/a for a failure or a timeout
 * }
 * long failed = outcomes.stream().filter(Outcome::isFailure).count();
 * }</pre>
 *
 * <p>Everything the task did happens-before the outcome is read (rule R22).
 *
 * @param <T> the task's result type
 */
public sealed interface Outcome<T extends @Nullable Object>
    permits Outcome.Success, Outcome.Failure, Outcome.TimedOut {

  /**
   * Returns whether this is a {@link Success}.
   *
   * @return true for a success (also when its value is {@code null})
   */
  default boolean isSuccess() {
    return this instanceof Success;
  }

  /**
   * Returns whether this is a {@link Failure}: the task threw.
   *
   * @return true for a failure
   */
  default boolean isFailure() {
    return this instanceof Failure;
  }

  /**
   * Returns whether this is {@link TimedOut}: the task did not finish in time, or never started.
   *
   * @return true for a timed-out task
   */
  default boolean isTimedOut() {
    return this instanceof TimedOut;
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
   * Returns the value of a success, else {@code other}. A success whose value is {@code null}
   * returns {@code null}, not {@code other}: null is a value (rule R5); test {@link #isSuccess()}
   * to tell the two apart.
   *
   * @param other what a failure or a timeout gives, possibly {@code null}
   * @return the task's value for a {@link Success}, else {@code other}
   */
  default T orElse(T other) {
    return this instanceof Success<T> success ? success.value() : other;
  }

  /**
   * Returns what the task threw, for a {@link Failure}: the very instance (rule R8). A {@link
   * Success} and {@link TimedOut} have none.
   *
   * @return the task's exception for a failure, else {@code null}
   */
  default @Nullable Throwable exception() {
    return null;
  }

  /**
   * Creates a success.
   *
   * @param value the value, may be {@code null}
   * @param <T> the type
   * @return a success holding {@code value}
   */
  static <T extends @Nullable Object> Outcome<T> success(T value) {
    return new Success<>(value);
  }

  /**
   * Creates a failure.
   *
   * @param exception what the task threw
   * @param <T> the type
   * @return a failure holding {@code exception}
   * @throws NullPointerException if {@code exception} is null
   */
  static <T extends @Nullable Object> Outcome<T> failure(Throwable exception) {
    return new Failure<>(exception);
  }

  /**
   * Creates the outcome of a task that did not finish in time.
   *
   * @param <T> the type
   * @return a timed-out outcome; all are equal
   */
  static <T extends @Nullable Object> Outcome<T> timedOut() {
    return new TimedOut<>();
  }

  /**
   * The task returned a value, which may be {@code null} (rule R5).
   *
   * @param value the task's result, possibly {@code null}
   * @param <T> the type
   */
  record Success<T extends @Nullable Object>(T value) implements Outcome<T> {
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
  record Failure<T extends @Nullable Object>(Throwable exception) implements Outcome<T> {
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

    /**
     * Describes the failure as a record does, {@code Failure[exception=...]}, with the exception's
     * {@code toString()}, or its class name where that throws (rule R27).
     *
     * @return the description
     */
    @Override
    public String toString() {
      return "Failure[exception=" + Foreign.describe(exception) + "]";
    }
  }

  /**
   * The task did not finish in time: its {@code taskTimeout} or the gather's {@code timeout} ran
   * out first, including tasks that never started.
   *
   * @param <T> the type
   */
  record TimedOut<T extends @Nullable Object>() implements Outcome<T> {
    @Override
    public T getOrThrow() {
      throw new IllegalStateException("the task timed out; it has no value");
    }
  }
}
