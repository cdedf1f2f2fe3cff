package io.github.concurrentrunner.stress;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The two gathers that wait for every task, whose common path (task start, task exit, completion)
 * the exit races drive: {@code all} and {@code allSettled}. A test draws one per state, so one
 * test covers both; the kind is the first word of the outcome.
 */
public enum GatherKind {
  /** {@code runner.all(tasks, options)}. */
  ALL("all"),
  /** {@code runner.allSettled(tasks, options)}. */
  ALL_SETTLED("allSettled");

  /** Regex of the outcome of {@code allSettled} over two tasks that returned 1 and 2. */
  public static final String SETTLED_1_2 = "\\[Success\\[value=1\\], Success\\[value=2\\]\\]";

  private final String method;

  GatherKind(String method) {
    this.method = method;
  }

  /**
   * Draws a kind at random, for one state.
   *
   * @return {@link #ALL} or {@link #ALL_SETTLED}
   */
  public static GatherKind random() {
    return ThreadLocalRandom.current().nextBoolean() ? ALL : ALL_SETTLED;
  }

  /**
   * Starts this gather.
   *
   * @param runner the runner
   * @param tasks the tasks
   * @param options the options
   * @return the handle: the values for {@code all}, the outcomes for {@code allSettled}
   */
  public GatherHandle<? extends List<?>> start(
      ConcurrentRunner runner, List<? extends Task<?>> tasks, GatherOptions options) {
    return this == ALL ? runner.all(tasks, options) : runner.allSettled(tasks, options);
  }

  /**
   * Returns the method's name.
   *
   * @return {@code all} or {@code allSettled}
   */
  @Override
  public String toString() {
    return method;
  }
}
