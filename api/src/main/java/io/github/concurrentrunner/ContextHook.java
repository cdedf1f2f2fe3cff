package io.github.concurrentrunner;

import java.util.Objects;

/**
 * Carries the caller's context (a logging MDC, a tracing span, a security context) into the tasks
 * of a gather (rule R30). Set one on the runner with {@link
 * ConcurrentRunner.Builder#contextHook(ContextHook)}, or on one gather with {@link
 * GatherOptions.Builder#contextHook(ContextHook)}, which replaces the runner's for that gather.
 *
 * <p>The three steps, modelled on OpenTelemetry's {@code Context}/{@code Scope} and Micrometer's
 * {@code ContextSnapshot}:
 *
 * <ol>
 *   <li>{@link #capture()} runs once per gather, on the caller's thread, when the operation is
 *       called, before any task starts;
 *   <li>{@link Captured#activate()} runs each time a task starts, on whichever thread starts it:
 *       for a blocking task, on the executor's thread, right before its callable; for an async
 *       task, right before its supplier is called to start the stage. Under {@code
 *       maxConcurrency} that is often a thread that ran or completed an earlier task;
 *   <li>{@link Scope#close()} runs on the same thread right after the callable returned or
 *       threw, or the supplier returned its stage. It must restore what {@code activate()}
 *       replaced, so that a pool thread keeps no caller's context.
 * </ol>
 *
 * <p>The scope wraps the start of a task and nothing else: the code that completes an async
 * task's stage later, on the async library's threads, runs in whatever context that library
 * gives it.
 *
 * <p>Failures (rule R27): if {@link #capture()} throws, the operation throws that exception at
 * the call and no task starts. If {@link Captured#activate()} throws, that task fails with that
 * exception (its callable or supplier is not called). If {@link Scope#close()} throws, the task's
 * outcome is unchanged and the exception goes to the runner's {@link FailureHandler} as a {@link
 * FailureEvent.Kind#CALLBACK_FAILURE} of that task. With no hook set nothing is captured, nothing
 * is allocated and nothing is called.
 *
 * <pre>{@code
 * ThreadLocal<String> requestId = new ThreadLocal<>();
 * ConcurrentRunner runner = ConcurrentRunner.builder()
 *     .contextHook(ContextHook.ofThreadLocal(requestId))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface ContextHook {

  /**
   * Captures the calling thread's context. Called once per gather, on the thread that calls the
   * operation, before any task starts.
   *
   * @return the captured context; must not be null
   */
  Captured capture();

  /**
   * A context captured by {@link ContextHook#capture()}: immutable as far as the runner is
   * concerned, activated once per task start, possibly on several threads at once.
   */
  @FunctionalInterface
  interface Captured {

    /**
     * Makes the captured context current on the calling thread.
     *
     * @return restores the thread's previous context when closed; must not be null
     */
    Scope activate();
  }

  /**
   * Restores the context that {@link Captured#activate()} replaced; closed exactly once, on the
   * thread that activated it.
   */
  @FunctionalInterface
  interface Scope extends AutoCloseable {

    /** Restores the thread's previous context. Does not throw checked exceptions. */
    @Override
    void close();
  }

  /**
   * A hook that carries the value of one {@link ThreadLocal}: it captures the caller's value and,
   * around each task start, sets it and then restores the value the starting thread had (removing
   * it if it had none).
   *
   * @param threadLocal the thread-local to carry
   * @param <T> its type
   * @return a hook for {@code threadLocal}
   * @throws NullPointerException if {@code threadLocal} is null
   */
  static <T> ContextHook ofThreadLocal(ThreadLocal<T> threadLocal) {
    Objects.requireNonNull(threadLocal, "threadLocal");
    return () -> {
      T captured = threadLocal.get();
      return () -> {
        T previous = threadLocal.get();
        set(threadLocal, captured);
        return () -> set(threadLocal, previous);
      };
    };
  }

  private static <T> void set(ThreadLocal<T> threadLocal, T value) {
    if (value == null) {
      threadLocal.remove();
    } else {
      threadLocal.set(value);
    }
  }
}
