package io.github.concurrentrunner;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A unit of work handed to a {@link ConcurrentRunner}: either {@linkplain Blocking blocking} (a
 * {@link Callable} run on the runner's executor) or {@linkplain Async async} (a function that
 * starts an operation and returns its {@link CompletionStage}). A task may carry a name, used in
 * exception messages and failure events.
 *
 * <p>A task is a recipe, not a running computation: nothing runs until a gather starts it, and
 * the same task object placed at two positions of a gather runs twice (rule R6).
 *
 * <pre>{@code
 * Task<String> profile = Task.of("profile", () -> loadProfile(userId));
 * Task<HttpResponse<String>> page =
 *     Task.async("page", () -> httpClient.sendAsync(request, BodyHandlers.ofString()));
 * }</pre>
 *
 * @param <T> the type of the task's result
 */
public sealed interface Task<T extends @Nullable Object> permits Task.Blocking, Task.Async {

  /**
   * Returns the task's name, or {@code null} if it has none.
   *
   * @return the name given at creation, or {@code null}
   */
  @Nullable String name();

  /**
   * Describes the task for messages: {@code "task 3 ('profile')"} or {@code "task 3"}.
   *
   * @param index the task's position in its gather
   * @return a short human-readable description
   */
  default String describe(int index) {
    return name() == null ? "task " + index : "task " + index + " ('" + name() + "')";
  }

  /**
   * Creates a blocking task without a name.
   *
   * @param callable the work; it may throw any exception, and may return {@code null}
   * @param <T> the result type
   * @return a new task
   * @throws NullPointerException if {@code callable} is null
   */
  static <T extends @Nullable Object> Task<T> of(Callable<? extends T> callable) {
    return new Blocking<>(null, callable);
  }

  /**
   * Creates a named blocking task.
   *
   * @param name the name used in messages; must not be null
   * @param callable the work; it may throw any exception, and may return {@code null}
   * @param <T> the result type
   * @return a new task
   * @throws NullPointerException if {@code name} or {@code callable} is null
   */
  static <T extends @Nullable Object> Task<T> of(String name, Callable<? extends T> callable) {
    return new Blocking<>(Objects.requireNonNull(name, "name"), callable);
  }

  /**
   * Creates an async task without a name.
   *
   * @param start starts the operation and returns its stage; called once each time the task is
   *     started, on the thread that starts it (the caller of the operation for the first tasks,
   *     otherwise the thread that completed an earlier task); it must not block
   * @param <T> the result type
   * @return a new task
   * @throws NullPointerException if {@code start} is null
   */
  static <T extends @Nullable Object> Task<T> async(
      Supplier<? extends CompletionStage<? extends T>> start) {
    return new Async<>(null, start);
  }

  /**
   * Creates a named async task.
   *
   * @param name the name used in messages; must not be null
   * @param start starts the operation and returns its stage (see {@link #async(Supplier)})
   * @param <T> the result type
   * @return a new task
   * @throws NullPointerException if {@code name} or {@code start} is null
   */
  static <T extends @Nullable Object> Task<T> async(
      String name, Supplier<? extends CompletionStage<? extends T>> start) {
    return new Async<>(Objects.requireNonNull(name, "name"), start);
  }

  /**
   * A task that blocks a thread of the runner's executor while it runs. Cancelling it interrupts
   * that thread; if it has not started yet, it never starts.
   *
   * @param name the name, or {@code null}
   * @param callable the work
   * @param <T> the result type
   */
  record Blocking<T extends @Nullable Object>(@Nullable String name, Callable<? extends T> callable)
      implements Task<T> {
    /**
     * Creates a blocking task.
     *
     * @param name the name, or {@code null}
     * @param callable the work; must not be null
     */
    public Blocking {
      Objects.requireNonNull(callable, "callable");
    }
  }

  /**
   * A task that starts an asynchronous operation and occupies no thread while it is pending.
   * Cancelling it cancels the future it returned ({@code toCompletableFuture().cancel(true)}).
   *
   * @param name the name, or {@code null}
   * @param start starts the operation; must not return {@code null}
   * @param <T> the result type
   */
  record Async<T extends @Nullable Object>(
      @Nullable String name, Supplier<? extends CompletionStage<? extends T>> start)
      implements Task<T> {
    /**
     * Creates an async task.
     *
     * @param name the name, or {@code null}
     * @param start starts the operation; must not be null
     */
    public Async {
      Objects.requireNonNull(start, "start");
    }
  }
}
