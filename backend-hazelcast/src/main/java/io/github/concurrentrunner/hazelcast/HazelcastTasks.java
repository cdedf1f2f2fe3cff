package io.github.concurrentrunner.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.github.concurrentrunner.Task;
import java.util.Objects;

/**
 * Tasks for the Hazelcast backend: serializable blocking tasks, and idempotent ones that may be
 * re-run on another member when theirs is lost. A task's callable that also implements {@link
 * HazelcastInstanceAware} receives the member it runs on before it is called (to work on that
 * member's data).
 *
 * <pre>{@code
 * Task<String> b = HazelcastTasks.of("B", () -> {
 *   Thread.sleep(1_000);
 *   return "B slept 1 s";
 * });
 * }</pre>
 */
public final class HazelcastTasks {
  private HazelcastTasks() {}

  /**
   * Creates a named blocking task from a serializable callable: {@code Task.of(name, callable)}
   * with a lambda that the compiler makes serializable.
   *
   * @param name the name; must not be null
   * @param callable the work
   * @param <T> the result type
   * @return a new task
   */
  public static <T> Task<T> of(String name, RemoteCallable<? extends T> callable) {
    return Task.of(name, callable);
  }

  /**
   * Creates a named blocking task that is declared idempotent: running it twice does no harm. If
   * its member is lost before its outcome came back, the runner runs it again on another member
   * (as often as {@link HazelcastRunners.Builder#idempotentReruns(int)} allows) instead of
   * failing it with {@link TaskLostException}. Only declare tasks idempotent that are.
   *
   * @param name the name; must not be null
   * @param callable the work
   * @param <T> the result type
   * @return a new task
   */
  public static <T> Task<T> idempotent(String name, RemoteCallable<? extends T> callable) {
    return Task.of(name, new Idempotent<>(Objects.requireNonNull(callable, "callable")));
  }

  /** Marks a callable as idempotent; the dispatcher recognises it. */
  record Idempotent<T>(RemoteCallable<? extends T> callable)
      implements RemoteCallable<T>, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
      if (callable instanceof HazelcastInstanceAware aware) {
        aware.setHazelcastInstance(member);
      }
    }

    @Override
    public T call() throws Exception {
      return callable.call();
    }
  }
}
