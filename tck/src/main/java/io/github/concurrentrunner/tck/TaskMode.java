package io.github.concurrentrunner.tck;

/**
 * The modes every scenario runs in, as Failsafe's {@code Testing} runs each scenario sync and
 * async: the semantics must not depend on the kind of task or on a concurrency bound.
 */
public enum TaskMode {
  /** Blocking tasks ({@code Task.of}), no concurrency bound. */
  BLOCKING(false, false),
  /** Async tasks ({@code Task.async}) whose future another thread completes, no bound. */
  ASYNC(true, false),
  /** Blocking tasks with {@code maxConcurrency}. */
  BLOCKING_BOUNDED(false, true),
  /** Async tasks with {@code maxConcurrency}. */
  ASYNC_BOUNDED(true, true);

  private final boolean async;
  private final boolean bounded;

  TaskMode(boolean async, boolean bounded) {
    this.async = async;
    this.bounded = bounded;
  }

  /**
   * Returns whether tasks are async.
   *
   * @return true for {@code Task.async} tasks
   */
  public boolean async() {
    return async;
  }

  /**
   * Returns whether the gather has a {@code maxConcurrency} bound.
   *
   * @return true when bounded
   */
  public boolean bounded() {
    return bounded;
  }

  @Override
  public String toString() {
    return (async ? "async tasks" : "blocking tasks")
        + (bounded ? " with maxConcurrency" : "");
  }
}
