package io.github.concurrentrunner;

/**
 * Two values of different types, the result of {@link ConcurrentRunner#both(Task, Task)}.
 *
 * @param first the first task's value, possibly {@code null}
 * @param second the second task's value, possibly {@code null}
 * @param <A> the first type
 * @param <B> the second type
 */
public record Pair<A, B>(A first, B second) {}
