package io.github.concurrentrunner;

import org.jspecify.annotations.Nullable;

/**
 * Two values of different types, the result of {@link ConcurrentRunner#both(Task, Task)}.
 *
 * @param first the first task's value, possibly {@code null}
 * @param second the second task's value, possibly {@code null}
 * @param <A> the first type
 * @param <B> the second type
 */
public record Pair<A extends @Nullable Object, B extends @Nullable Object>(A first, B second) {

  /**
   * Creates a pair, as {@code new Pair<>(first, second)} does.
   *
   * @param first the first value, possibly {@code null}
   * @param second the second value, possibly {@code null}
   * @param <A> the first type
   * @param <B> the second type
   * @return a pair of the two values
   */
  public static <A extends @Nullable Object, B extends @Nullable Object> Pair<A, B> of(
      A first, B second) {
    return new Pair<>(first, second);
  }
}
