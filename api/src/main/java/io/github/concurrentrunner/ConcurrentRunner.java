// Over 500 lines because every operation of the contract is declared here with its full
// Javadoc, and the list operations also have fixed-arity shortcuts (see "fixed-arity shortcuts").
package io.github.concurrentrunner;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Runs tasks concurrently and gathers their results with exact semantics, the same on every
 * backend. Obtain one with {@link #create()}, {@link #create(String)} or {@link #builder()}, and
 * close it when done.
 *
 * <pre>{@code
 * try (ConcurrentRunner runner = ConcurrentRunner.create()) {
 *   Pair<User, List<Order>> both = runner.both(() -> loadUser(id), () -> loadOrders(id)).await();
 *   List<String> pages = runner.all(List.of(
 *       Task.of(() -> fetch("a")),
 *       Task.of(() -> fetch("b")))).await();
 *   // ... use both and pages
 * }
 * }</pre>
 *
 * <h2>Operations</h2>
 *
 * <table class="striped">
 *   <caption>What each operation returns and when it completes</caption>
 *   <thead><tr><th>operation</th><th>result</th><th>completes when</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #all all}</td><td>values in input order</td>
 *       <td>every task succeeded, or at the first failure (fail-fast)</td></tr>
 *   <tr><td>{@link #allSettled allSettled}</td><td>{@link Outcome}s in input order</td>
 *       <td>every task settled; never fails because a task failed</td></tr>
 *   <tr><td>{@link #any any}</td><td>the first successful value</td>
 *       <td>first success, or all failed ({@link AllFailedException})</td></tr>
 *   <tr><td>{@link #race race}</td><td>the first task to settle</td>
 *       <td>first task settles, successfully or not</td></tr>
 *   <tr><td>{@link #both(Task, Task) both}</td><td>a {@link Pair}</td>
 *       <td>like {@code all} of two tasks of different types</td></tr>
 *   <tr><td>{@link #bothSettled bothSettled}</td><td>a {@link Pair} of {@link Outcome}s</td>
 *       <td>like {@code allSettled} of two tasks</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Common contract</h2>
 *
 * <ul>
 *   <li>Every operation validates its arguments first and throws {@link NullPointerException}
 *       naming a null list, a null task (with its index) or null options, before any task starts
 *       (rule R4). After {@link #close()} every operation throws {@link IllegalStateException}.
 *   <li>Every operation returns a {@link GatherHandle} at once; the tasks run concurrently.
 *   <li>When the outcome is decided early (a failure in {@code all}, a success in {@code any}, the
 *       first settled task in {@code race}, a timeout, a cancellation), the other running tasks
 *       are cancelled with interruption, tasks not yet started never start, and the handle
 *       completes only once the cancelled tasks have finished (rules R7, R10).
 *   <li>Blocking tasks run on the executor of the options, else the runner's (rule R23). Async
 *       tasks are started on the thread that starts them and occupy no thread while pending.
 *   <li>Failures that no caller can see go to the runner's {@link FailureHandler} (rule R11).
 *   <li>A runner is thread-safe: any number of gathers may run at once (rule R24).
 * </ul>
 */
public interface ConcurrentRunner extends AutoCloseable {

  /**
   * Returns the name of this runner's backend, such as {@code "completablefuture"}.
   *
   * @return the backend's name
   */
  String backend();

  /**
   * Runs every task and returns their values in input order, failing fast (rules R1, R7).
   *
   * @param tasks the tasks; the list is read once, at the call
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the values, which may hold {@code
   *     null}s
   * @throws NullPointerException if {@code tasks} or one of its elements is null
   * @throws IllegalStateException if the runner is closed
   * @see #all(List, GatherOptions)
   */
  default <T extends @Nullable Object> GatherHandle<List<T>> all(List<? extends Task<? extends T>> tasks) {
    return all(tasks, GatherOptions.defaults());
  }

  /**
   * Runs every task and returns their values in input order. At the first failure the gather
   * fails with that failure ({@link TaskFailedException} from {@code await()}, its cause the
   * task's own exception), the running tasks are cancelled with interruption and the tasks not
   * yet started never start (rule R7). Over no tasks the result is an empty list.
   *
   * <pre>{@code
   * List<Integer> lengths = runner.all(
   *     List.of(Task.of(() -> "alpha".length()), Task.of(() -> "be".length())),
   *     GatherOptions.builder().timeout(Duration.ofSeconds(2)).build()).await();
   * // lengths == [5, 2]
   * }</pre>
   *
   * @param tasks the tasks; the list is read once, at the call
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the values, which may hold {@code
   *     null}s
   * @throws NullPointerException if {@code tasks}, one of its elements, or {@code options} is null
   * @throws IllegalStateException if the runner is closed
   */
  <T extends @Nullable Object> GatherHandle<List<T>> all(List<? extends Task<? extends T>> tasks, GatherOptions options);

  /**
   * Runs every task and records how each ended.
   *
   * @param tasks the tasks
   * @param <T> the value type
   * @return a handle whose result is the outcomes in input order
   * @throws NullPointerException if {@code tasks} or one of its elements is null
   * @throws IllegalStateException if the runner is closed
   * @see #allSettled(List, GatherOptions)
   */
  default <T extends @Nullable Object> GatherHandle<List<Outcome<T>>> allSettled(List<? extends Task<? extends T>> tasks) {
    return allSettled(tasks, GatherOptions.defaults());
  }

  /**
   * Runs every task and records how each ended, as {@link Outcome.Success}, {@link
   * Outcome.Failure} (same exception instance) or {@link Outcome.TimedOut} (rule R12). A task's
   * failure never fails the gather; when the gather's timeout passes, the unfinished tasks are
   * cancelled, their slots become {@code TimedOut}, and the gather returns normally (rule R15).
   *
   * <pre>{@code
   * List<Outcome<String>> outcomes = runner.allSettled(List.of(
   *     Task.of(() -> "fine"),
   *     Task.<String>of(() -> { throw new IOException("down"); }))).await();
   * // outcomes.get(0) is Success[value=fine], outcomes.get(1) is Failure[exception=IOException]
   * }</pre>
   *
   * @param tasks the tasks
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of outcomes in input order
   * @throws NullPointerException if {@code tasks}, one of its elements, or {@code options} is null
   * @throws IllegalStateException if the runner is closed
   */
  <T extends @Nullable Object> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options);

  /**
   * Returns the first successful value.
   *
   * @param tasks the tasks
   * @param <T> the value type
   * @return a handle whose result is the first success
   * @throws NullPointerException if {@code tasks} or one of its elements is null
   * @throws IllegalStateException if the runner is closed
   * @see #any(List, GatherOptions)
   */
  default <T extends @Nullable Object> GatherHandle<T> any(List<? extends Task<? extends T>> tasks) {
    return any(tasks, GatherOptions.defaults());
  }

  /**
   * Returns the first successful value and cancels the other tasks (rule R13). If every task
   * fails, {@code await()} throws {@link AllFailedException} carrying every failure in input
   * order; over no tasks it throws at once with zero failures (rule R3). Failures of tasks before
   * the first success are the normal course of {@code any} and are not reported anywhere.
   *
   * <pre>{@code
   * String fastest = runner.any(List.of(
   *     Task.of(() -> fetchFrom("mirror-1")),
   *     Task.of(() -> fetchFrom("mirror-2")))).await();
   * }</pre>
   *
   * @param tasks the tasks
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is the first success
   * @throws NullPointerException if {@code tasks}, one of its elements, or {@code options} is null
   * @throws IllegalStateException if the runner is closed
   */
  <T extends @Nullable Object> GatherHandle<T> any(List<? extends Task<? extends T>> tasks, GatherOptions options);

  /**
   * Returns the outcome of the first task to settle.
   *
   * @param tasks the tasks; at least one
   * @param <T> the value type
   * @return a handle whose result is the first settled task's value
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws NullPointerException if {@code tasks} or one of its elements is null
   * @throws IllegalStateException if the runner is closed
   * @see #race(List, GatherOptions)
   */
  default <T extends @Nullable Object> GatherHandle<T> race(List<? extends Task<? extends T>> tasks) {
    return race(tasks, GatherOptions.defaults());
  }

  /**
   * Returns the value of the first task to settle, or throws {@link TaskFailedException} if it
   * failed, and cancels the others (rule R14). A race over no tasks could never complete, so it
   * is rejected at the call (rule R3).
   *
   * <pre>{@code
   * String answer = runner.race(List.of(
   *     Task.of(() -> askPrimary()),
   *     Task.of(() -> askReplica()))).await();
   * }</pre>
   *
   * @param tasks the tasks; at least one
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is the first settled task's value
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws NullPointerException if {@code tasks}, one of its elements, or {@code options} is null
   * @throws IllegalStateException if the runner is closed
   */
  <T extends @Nullable Object> GatherHandle<T> race(List<? extends Task<? extends T>> tasks, GatherOptions options);

  // ------------------------------------------------------------------ fixed-arity shortcuts
  //
  // The list operations over two or three tasks, written as Task arguments or as Callables
  // (blocking tasks), with and without options: runner.all(a, b), runner.any(() -> x(), () -> y()).
  // Fixed arities, as List.of has, not varargs: a generic varargs parameter (Task<? extends T>...)
  // makes every call site warn about "unchecked generic array creation", and an interface's
  // default method cannot be @SafeVarargs. A lambda is never a Task (a sealed, non-functional
  // interface), so the Task and Callable forms cannot be ambiguous. More tasks: the List forms.

  /**
   * Runs two tasks and returns their values in input order, failing fast: {@link #all(List,
   * GatherOptions) all} over {@code List.of(first, second)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the values in input order, which may
   *     hold {@code null}s
   * @throws NullPointerException if a task is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<T>> all(
      Task<? extends T> first, Task<? extends T> second) {
    return all(
        List.of(checked(first, "first"), checked(second, "second")),
        GatherOptions.defaults());
  }

  /**
   * Runs two tasks and returns their values in input order, failing fast: {@link #all(List,
   * GatherOptions) all} over {@code List.of(first, second)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the values in input order, which may
   *     hold {@code null}s
   * @throws NullPointerException if a task or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<T>> all(
      Task<? extends T> first, Task<? extends T> second, GatherOptions options) {
    return all(List.of(checked(first, "first"), checked(second, "second")), options);
  }

  /**
   * Runs three tasks and returns their values in input order, failing fast: {@link #all(List,
   * GatherOptions) all} over {@code List.of(first, second, third)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param third the third task
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the values in input order, which may
   *     hold {@code null}s
   * @throws NullPointerException if a task is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<T>> all(
      Task<? extends T> first, Task<? extends T> second, Task<? extends T> third) {
    return all(
        List.of(checked(first, "first"), checked(second, "second"), checked(third, "third")),
        GatherOptions.defaults());
  }

  /**
   * Runs three tasks and returns their values in input order, failing fast: {@link #all(List,
   * GatherOptions) all} over {@code List.of(first, second, third)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param third the third task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the values in input order, which may
   *     hold {@code null}s
   * @throws NullPointerException if a task or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<T>> all(
      Task<? extends T> first,
      Task<? extends T> second,
      Task<? extends T> third,
      GatherOptions options) {
    return all(
        List.of(checked(first, "first"), checked(second, "second"), checked(third, "third")),
        options);
  }

  /**
   * Runs two tasks and returns their values in input order, failing fast: {@link #all(List,
   * GatherOptions) all} over {@code List.of(first, second)} of blocking tasks made by {@link
   * Task#of(Callable)}, with the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the values in input order, which may
   *     hold {@code null}s
   * @throws NullPointerException if a callable is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<T>> all(
      Callable<? extends T> first, Callable<? extends T> second) {
    return all(
        List.of(blocking(first, "first"), blocking(second, "second")),
        GatherOptions.defaults());
  }

  /**
   * Runs two tasks and returns their values in input order, failing fast: {@link #all(List,
   * GatherOptions) all} over {@code List.of(first, second)} of blocking tasks made by {@link
   * Task#of(Callable)}, with the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the values in input order, which may
   *     hold {@code null}s
   * @throws NullPointerException if a callable or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<T>> all(
      Callable<? extends T> first, Callable<? extends T> second, GatherOptions options) {
    return all(List.of(blocking(first, "first"), blocking(second, "second")), options);
  }

  /**
   * Runs three tasks and returns their values in input order, failing fast: {@link #all(List,
   * GatherOptions) all} over {@code List.of(first, second, third)} of blocking tasks made by {@link
   * Task#of(Callable)}, with the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param third the work of the third task
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the values in input order, which may
   *     hold {@code null}s
   * @throws NullPointerException if a callable is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<T>> all(
      Callable<? extends T> first, Callable<? extends T> second, Callable<? extends T> third) {
    return all(
        List.of(blocking(first, "first"), blocking(second, "second"), blocking(third, "third")),
        GatherOptions.defaults());
  }

  /**
   * Runs three tasks and returns their values in input order, failing fast: {@link #all(List,
   * GatherOptions) all} over {@code List.of(first, second, third)} of blocking tasks made by {@link
   * Task#of(Callable)}, with the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param third the work of the third task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the values in input order, which may
   *     hold {@code null}s
   * @throws NullPointerException if a callable or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<T>> all(
      Callable<? extends T> first,
      Callable<? extends T> second,
      Callable<? extends T> third,
      GatherOptions options) {
    return all(
        List.of(blocking(first, "first"), blocking(second, "second"), blocking(third, "third")),
        options);
  }

  /**
   * Runs two tasks and records how each ended: {@link #allSettled(List, GatherOptions) allSettled}
   * over {@code List.of(first, second)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the outcomes in input order
   * @throws NullPointerException if a task is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<Outcome<T>>> allSettled(
      Task<? extends T> first, Task<? extends T> second) {
    return allSettled(
        List.of(checked(first, "first"), checked(second, "second")),
        GatherOptions.defaults());
  }

  /**
   * Runs two tasks and records how each ended: {@link #allSettled(List, GatherOptions) allSettled}
   * over {@code List.of(first, second)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the outcomes in input order
   * @throws NullPointerException if a task or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<Outcome<T>>> allSettled(
      Task<? extends T> first, Task<? extends T> second, GatherOptions options) {
    return allSettled(List.of(checked(first, "first"), checked(second, "second")), options);
  }

  /**
   * Runs three tasks and records how each ended: {@link #allSettled(List, GatherOptions)
   * allSettled} over {@code List.of(first, second, third)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param third the third task
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the outcomes in input order
   * @throws NullPointerException if a task is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<Outcome<T>>> allSettled(
      Task<? extends T> first, Task<? extends T> second, Task<? extends T> third) {
    return allSettled(
        List.of(checked(first, "first"), checked(second, "second"), checked(third, "third")),
        GatherOptions.defaults());
  }

  /**
   * Runs three tasks and records how each ended: {@link #allSettled(List, GatherOptions)
   * allSettled} over {@code List.of(first, second, third)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param third the third task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the outcomes in input order
   * @throws NullPointerException if a task or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<Outcome<T>>> allSettled(
      Task<? extends T> first,
      Task<? extends T> second,
      Task<? extends T> third,
      GatherOptions options) {
    return allSettled(
        List.of(checked(first, "first"), checked(second, "second"), checked(third, "third")),
        options);
  }

  /**
   * Runs two tasks and records how each ended: {@link #allSettled(List, GatherOptions) allSettled}
   * over {@code List.of(first, second)} of blocking tasks made by {@link Task#of(Callable)}, with
   * the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the outcomes in input order
   * @throws NullPointerException if a callable is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<Outcome<T>>> allSettled(
      Callable<? extends T> first, Callable<? extends T> second) {
    return allSettled(
        List.of(blocking(first, "first"), blocking(second, "second")),
        GatherOptions.defaults());
  }

  /**
   * Runs two tasks and records how each ended: {@link #allSettled(List, GatherOptions) allSettled}
   * over {@code List.of(first, second)} of blocking tasks made by {@link Task#of(Callable)}, with
   * the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the outcomes in input order
   * @throws NullPointerException if a callable or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<Outcome<T>>> allSettled(
      Callable<? extends T> first, Callable<? extends T> second, GatherOptions options) {
    return allSettled(List.of(blocking(first, "first"), blocking(second, "second")), options);
  }

  /**
   * Runs three tasks and records how each ended: {@link #allSettled(List, GatherOptions)
   * allSettled} over {@code List.of(first, second, third)} of blocking tasks made by {@link
   * Task#of(Callable)}, with the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param third the work of the third task
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the outcomes in input order
   * @throws NullPointerException if a callable is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<Outcome<T>>> allSettled(
      Callable<? extends T> first, Callable<? extends T> second, Callable<? extends T> third) {
    return allSettled(
        List.of(blocking(first, "first"), blocking(second, "second"), blocking(third, "third")),
        GatherOptions.defaults());
  }

  /**
   * Runs three tasks and records how each ended: {@link #allSettled(List, GatherOptions)
   * allSettled} over {@code List.of(first, second, third)} of blocking tasks made by {@link
   * Task#of(Callable)}, with the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param third the work of the third task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is an unmodifiable list of the outcomes in input order
   * @throws NullPointerException if a callable or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<List<Outcome<T>>> allSettled(
      Callable<? extends T> first,
      Callable<? extends T> second,
      Callable<? extends T> third,
      GatherOptions options) {
    return allSettled(
        List.of(blocking(first, "first"), blocking(second, "second"), blocking(third, "third")),
        options);
  }

  /**
   * Returns the first successful value of two tasks: {@link #any(List, GatherOptions) any} over
   * {@code List.of(first, second)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param <T> the value type
   * @return a handle whose result is the first success
   * @throws NullPointerException if a task is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> any(
      Task<? extends T> first, Task<? extends T> second) {
    return any(
        List.of(checked(first, "first"), checked(second, "second")),
        GatherOptions.defaults());
  }

  /**
   * Returns the first successful value of two tasks: {@link #any(List, GatherOptions) any} over
   * {@code List.of(first, second)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is the first success
   * @throws NullPointerException if a task or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> any(
      Task<? extends T> first, Task<? extends T> second, GatherOptions options) {
    return any(List.of(checked(first, "first"), checked(second, "second")), options);
  }

  /**
   * Returns the first successful value of three tasks: {@link #any(List, GatherOptions) any} over
   * {@code List.of(first, second, third)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param third the third task
   * @param <T> the value type
   * @return a handle whose result is the first success
   * @throws NullPointerException if a task is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> any(
      Task<? extends T> first, Task<? extends T> second, Task<? extends T> third) {
    return any(
        List.of(checked(first, "first"), checked(second, "second"), checked(third, "third")),
        GatherOptions.defaults());
  }

  /**
   * Returns the first successful value of three tasks: {@link #any(List, GatherOptions) any} over
   * {@code List.of(first, second, third)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param third the third task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is the first success
   * @throws NullPointerException if a task or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> any(
      Task<? extends T> first,
      Task<? extends T> second,
      Task<? extends T> third,
      GatherOptions options) {
    return any(
        List.of(checked(first, "first"), checked(second, "second"), checked(third, "third")),
        options);
  }

  /**
   * Returns the first successful value of two tasks: {@link #any(List, GatherOptions) any} over
   * {@code List.of(first, second)} of blocking tasks made by {@link Task#of(Callable)}, with the
   * same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param <T> the value type
   * @return a handle whose result is the first success
   * @throws NullPointerException if a callable is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> any(
      Callable<? extends T> first, Callable<? extends T> second) {
    return any(
        List.of(blocking(first, "first"), blocking(second, "second")),
        GatherOptions.defaults());
  }

  /**
   * Returns the first successful value of two tasks: {@link #any(List, GatherOptions) any} over
   * {@code List.of(first, second)} of blocking tasks made by {@link Task#of(Callable)}, with the
   * same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is the first success
   * @throws NullPointerException if a callable or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> any(
      Callable<? extends T> first, Callable<? extends T> second, GatherOptions options) {
    return any(List.of(blocking(first, "first"), blocking(second, "second")), options);
  }

  /**
   * Returns the first successful value of three tasks: {@link #any(List, GatherOptions) any} over
   * {@code List.of(first, second, third)} of blocking tasks made by {@link Task#of(Callable)}, with
   * the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param third the work of the third task
   * @param <T> the value type
   * @return a handle whose result is the first success
   * @throws NullPointerException if a callable is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> any(
      Callable<? extends T> first, Callable<? extends T> second, Callable<? extends T> third) {
    return any(
        List.of(blocking(first, "first"), blocking(second, "second"), blocking(third, "third")),
        GatherOptions.defaults());
  }

  /**
   * Returns the first successful value of three tasks: {@link #any(List, GatherOptions) any} over
   * {@code List.of(first, second, third)} of blocking tasks made by {@link Task#of(Callable)}, with
   * the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param third the work of the third task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is the first success
   * @throws NullPointerException if a callable or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> any(
      Callable<? extends T> first,
      Callable<? extends T> second,
      Callable<? extends T> third,
      GatherOptions options) {
    return any(
        List.of(blocking(first, "first"), blocking(second, "second"), blocking(third, "third")),
        options);
  }

  /**
   * Returns the value of the first of two tasks to settle: {@link #race(List, GatherOptions) race}
   * over {@code List.of(first, second)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param <T> the value type
   * @return a handle whose result is the first settled task's value
   * @throws NullPointerException if a task is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> race(
      Task<? extends T> first, Task<? extends T> second) {
    return race(
        List.of(checked(first, "first"), checked(second, "second")),
        GatherOptions.defaults());
  }

  /**
   * Returns the value of the first of two tasks to settle: {@link #race(List, GatherOptions) race}
   * over {@code List.of(first, second)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is the first settled task's value
   * @throws NullPointerException if a task or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> race(
      Task<? extends T> first, Task<? extends T> second, GatherOptions options) {
    return race(List.of(checked(first, "first"), checked(second, "second")), options);
  }

  /**
   * Returns the value of the first of three tasks to settle: {@link #race(List, GatherOptions)
   * race} over {@code List.of(first, second, third)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param third the third task
   * @param <T> the value type
   * @return a handle whose result is the first settled task's value
   * @throws NullPointerException if a task is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> race(
      Task<? extends T> first, Task<? extends T> second, Task<? extends T> third) {
    return race(
        List.of(checked(first, "first"), checked(second, "second"), checked(third, "third")),
        GatherOptions.defaults());
  }

  /**
   * Returns the value of the first of three tasks to settle: {@link #race(List, GatherOptions)
   * race} over {@code List.of(first, second, third)}, with the same rules.
   *
   * @param first the first task
   * @param second the second task
   * @param third the third task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is the first settled task's value
   * @throws NullPointerException if a task or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> race(
      Task<? extends T> first,
      Task<? extends T> second,
      Task<? extends T> third,
      GatherOptions options) {
    return race(
        List.of(checked(first, "first"), checked(second, "second"), checked(third, "third")),
        options);
  }

  /**
   * Returns the value of the first of two tasks to settle: {@link #race(List, GatherOptions) race}
   * over {@code List.of(first, second)} of blocking tasks made by {@link Task#of(Callable)}, with
   * the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param <T> the value type
   * @return a handle whose result is the first settled task's value
   * @throws NullPointerException if a callable is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> race(
      Callable<? extends T> first, Callable<? extends T> second) {
    return race(
        List.of(blocking(first, "first"), blocking(second, "second")),
        GatherOptions.defaults());
  }

  /**
   * Returns the value of the first of two tasks to settle: {@link #race(List, GatherOptions) race}
   * over {@code List.of(first, second)} of blocking tasks made by {@link Task#of(Callable)}, with
   * the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is the first settled task's value
   * @throws NullPointerException if a callable or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> race(
      Callable<? extends T> first, Callable<? extends T> second, GatherOptions options) {
    return race(List.of(blocking(first, "first"), blocking(second, "second")), options);
  }

  /**
   * Returns the value of the first of three tasks to settle: {@link #race(List, GatherOptions)
   * race} over {@code List.of(first, second, third)} of blocking tasks made by {@link
   * Task#of(Callable)}, with the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param third the work of the third task
   * @param <T> the value type
   * @return a handle whose result is the first settled task's value
   * @throws NullPointerException if a callable is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> race(
      Callable<? extends T> first, Callable<? extends T> second, Callable<? extends T> third) {
    return race(
        List.of(blocking(first, "first"), blocking(second, "second"), blocking(third, "third")),
        GatherOptions.defaults());
  }

  /**
   * Returns the value of the first of three tasks to settle: {@link #race(List, GatherOptions)
   * race} over {@code List.of(first, second, third)} of blocking tasks made by {@link
   * Task#of(Callable)}, with the same rules.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param third the work of the third task
   * @param options the gather's options
   * @param <T> the value type
   * @return a handle whose result is the first settled task's value
   * @throws NullPointerException if a callable or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <T extends @Nullable Object> GatherHandle<T> race(
      Callable<? extends T> first,
      Callable<? extends T> second,
      Callable<? extends T> third,
      GatherOptions options) {
    return race(
        List.of(blocking(first, "first"), blocking(second, "second"), blocking(third, "third")),
        options);
  }

  /**
   * Runs two blocking tasks of different types concurrently: the common case.
   *
   * <pre>{@code
   * Pair<String, Integer> pair = runner.both(() -> loadName(), () -> countItems()).await();
   * }</pre>
   *
   * @param first the first task
   * @param second the second task
   * @param <A> the first type
   * @param <B> the second type
   * @return a handle whose result is both values
   * @throws NullPointerException if either task is null
   * @throws IllegalStateException if the runner is closed
   * @see #both(Task, Task, GatherOptions)
   */
  default <A extends @Nullable Object, B extends @Nullable Object> GatherHandle<Pair<A, B>> both(
      Callable<? extends A> first, Callable<? extends B> second) {
    return both(
        Task.<A>of(Objects.requireNonNull(first, "first")),
        Task.<B>of(Objects.requireNonNull(second, "second")),
        GatherOptions.defaults());
  }

  /**
   * Runs two blocking tasks of different types concurrently: {@link #both(Task, Task,
   * GatherOptions)} over tasks made by {@link Task#of(Callable)}.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param options the gather's options
   * @param <A> the first type
   * @param <B> the second type
   * @return a handle whose result is both values
   * @throws NullPointerException if a callable or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <A extends @Nullable Object, B extends @Nullable Object>
      GatherHandle<Pair<A, B>> both(
          Callable<? extends A> first, Callable<? extends B> second, GatherOptions options) {
    return both(blocking(first, "first"), blocking(second, "second"), options);
  }

  /**
   * Runs two blocking tasks concurrently and combines their values: {@link #both(Task, Task,
   * BiFunction, GatherOptions)} over tasks made by {@link Task#of(Callable)}.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param combiner combines the two values; runs once, on the thread that completes the gather
   * @param <A> the first type
   * @param <B> the second type
   * @param <R> the combined type
   * @return a handle whose result is the combined value
   * @throws NullPointerException if a callable or {@code combiner} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
      GatherHandle<R> both(
          Callable<? extends A> first,
          Callable<? extends B> second,
          BiFunction<? super A, ? super B, ? extends R> combiner) {
    return both(
        blocking(first, "first"), blocking(second, "second"), combiner, GatherOptions.defaults());
  }

  /**
   * Runs two blocking tasks concurrently and combines their values: {@link #both(Task, Task,
   * BiFunction, GatherOptions)} over tasks made by {@link Task#of(Callable)}.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param combiner combines the two values; runs once, on the thread that completes the gather
   * @param options the gather's options
   * @param <A> the first type
   * @param <B> the second type
   * @param <R> the combined type
   * @return a handle whose result is the combined value
   * @throws NullPointerException if a callable, {@code combiner} or {@code options} is null,
   *     naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
      GatherHandle<R> both(
          Callable<? extends A> first,
          Callable<? extends B> second,
          BiFunction<? super A, ? super B, ? extends R> combiner,
          GatherOptions options) {
    return both(blocking(first, "first"), blocking(second, "second"), combiner, options);
  }

  /**
   * Runs two tasks of different types concurrently, like {@link #all(List)} of two.
   *
   * @param first the first task
   * @param second the second task
   * @param <A> the first type
   * @param <B> the second type
   * @return a handle whose result is both values
   * @throws NullPointerException if either task is null
   * @throws IllegalStateException if the runner is closed
   * @see #both(Task, Task, GatherOptions)
   */
  default <A extends @Nullable Object, B extends @Nullable Object> GatherHandle<Pair<A, B>> both(Task<? extends A> first, Task<? extends B> second) {
    return both(first, second, GatherOptions.defaults());
  }

  /**
   * Runs two tasks of different types concurrently, with the semantics of {@link #all(List,
   * GatherOptions)}: if either fails, the other is cancelled and {@code await()} throws {@link
   * TaskFailedException} whose {@link TaskFailedException#taskIndex() taskIndex} is 0 or 1.
   *
   * @param first the first task
   * @param second the second task
   * @param options the gather's options
   * @param <A> the first type
   * @param <B> the second type
   * @return a handle whose result is both values
   * @throws NullPointerException if a task or {@code options} is null
   * @throws IllegalStateException if the runner is closed
   */
  <A extends @Nullable Object, B extends @Nullable Object> GatherHandle<Pair<A, B>> both(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options);

  /**
   * Runs two tasks concurrently and combines their values.
   *
   * @param first the first task
   * @param second the second task
   * @param combiner combines the two values; runs once, on the thread that completes the gather
   * @param <A> the first type
   * @param <B> the second type
   * @param <R> the combined type
   * @return a handle whose result is the combined value
   * @throws NullPointerException if a task or {@code combiner} is null
   * @throws IllegalStateException if the runner is closed
   * @see #both(Task, Task, BiFunction, GatherOptions)
   */
  default <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> GatherHandle<R> both(
      Task<? extends A> first,
      Task<? extends B> second,
      BiFunction<? super A, ? super B, ? extends R> combiner) {
    return both(first, second, combiner, GatherOptions.defaults());
  }

  /**
   * Runs two tasks concurrently and combines their values, with the semantics of {@link
   * #both(Task, Task, GatherOptions)}. The combiner runs once, after both tasks succeeded, on the
   * thread that completes the gather. If it throws, {@code await()} throws that same exception.
   * It is not a task: it runs after the verdict, outside the {@code timeout} and beyond {@code
   * cancel()}, so the handle completes when it returns; keep it short and non-blocking (R10).
   *
   * <pre>{@code
   * String greeting = runner.both(
   *     Task.of(() -> "Hello"), Task.of(() -> "world"),
   *     (a, b) -> a + ", " + b, GatherOptions.defaults()).await();
   * }</pre>
   *
   * @param first the first task
   * @param second the second task
   * @param combiner combines the two values
   * @param options the gather's options
   * @param <A> the first type
   * @param <B> the second type
   * @param <R> the combined type
   * @return a handle whose result is the combined value
   * @throws NullPointerException if a task, {@code combiner} or {@code options} is null
   * @throws IllegalStateException if the runner is closed
   */
  <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> GatherHandle<R> both(
      Task<? extends A> first,
      Task<? extends B> second,
      BiFunction<? super A, ? super B, ? extends R> combiner,
      GatherOptions options);

  /**
   * Runs two tasks concurrently and records how each ended.
   *
   * @param first the first task
   * @param second the second task
   * @param <A> the first type
   * @param <B> the second type
   * @return a handle whose result is both outcomes
   * @throws NullPointerException if either task is null
   * @throws IllegalStateException if the runner is closed
   * @see #bothSettled(Task, Task, GatherOptions)
   */
  default <A extends @Nullable Object, B extends @Nullable Object> GatherHandle<Pair<Outcome<A>, Outcome<B>>> bothSettled(
      Task<? extends A> first, Task<? extends B> second) {
    return bothSettled(first, second, GatherOptions.defaults());
  }

  /**
   * Runs two tasks concurrently and records how each ended, with the semantics of {@link
   * #allSettled(List, GatherOptions)}.
   *
   * <pre>{@code
   * Pair<Outcome<String>, Outcome<Integer>> outcomes =
   *     runner.bothSettled(Task.of(() -> "a"), Task.of(() -> 1), GatherOptions.defaults()).await();
   * }</pre>
   *
   * @param first the first task
   * @param second the second task
   * @param options the gather's options
   * @param <A> the first type
   * @param <B> the second type
   * @return a handle whose result is both outcomes
   * @throws NullPointerException if a task or {@code options} is null
   * @throws IllegalStateException if the runner is closed
   */
  <A extends @Nullable Object, B extends @Nullable Object> GatherHandle<Pair<Outcome<A>, Outcome<B>>> bothSettled(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options);

  /**
   * Runs two blocking tasks concurrently and records how each ended: {@link #bothSettled(Task,
   * Task, GatherOptions)} over tasks made by {@link Task#of(Callable)}.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param <A> the first type
   * @param <B> the second type
   * @return a handle whose result is both outcomes
   * @throws NullPointerException if a callable is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <A extends @Nullable Object, B extends @Nullable Object>
      GatherHandle<Pair<Outcome<A>, Outcome<B>>> bothSettled(
          Callable<? extends A> first, Callable<? extends B> second) {
    return bothSettled(
        blocking(first, "first"), blocking(second, "second"), GatherOptions.defaults());
  }

  /**
   * Runs two blocking tasks concurrently and records how each ended: {@link #bothSettled(Task,
   * Task, GatherOptions)} over tasks made by {@link Task#of(Callable)}.
   *
   * @param first the work of the first task
   * @param second the work of the second task
   * @param options the gather's options
   * @param <A> the first type
   * @param <B> the second type
   * @return a handle whose result is both outcomes
   * @throws NullPointerException if a callable or {@code options} is null, naming it
   * @throws IllegalStateException if the runner is closed
   */
  default <A extends @Nullable Object, B extends @Nullable Object>
      GatherHandle<Pair<Outcome<A>, Outcome<B>>> bothSettled(
          Callable<? extends A> first, Callable<? extends B> second, GatherOptions options) {
    return bothSettled(blocking(first, "first"), blocking(second, "second"), options);
  }

  /** A task argument of a shortcut, checked first so that a null one is named by parameter. */
  private static <T extends @Nullable Object> Task<? extends T> checked(
      Task<? extends T> task, String parameter) {
    return Objects.requireNonNull(task, parameter);
  }

  /** The blocking task of a callable argument of a shortcut, named by parameter if null. */
  private static <T extends @Nullable Object> Task<T> blocking(
      Callable<? extends T> callable, String parameter) {
    return Task.of(Objects.requireNonNull(callable, parameter));
  }

  /**
   * Closes the runner (rule R24): cancels its running gathers, shuts down the executor and timer
   * it owns (never an executor it was given), and makes later operations throw {@link
   * IllegalStateException}. Does not wait for cancelled tasks to finish. Idempotent.
   */
  @Override
  void close();

  /**
   * Creates a runner on the backend chosen by discovery (rule R25): the backend named by the
   * system property {@code concurrentrunner.backend}, else by the environment variable {@code
   * CONCURRENT_RUNNER_BACKEND}, else the available backend with the highest priority (ties broken by
   * name).
   *
   * @return a new runner with its own default executor
   * @throws IllegalStateException if no backend is available, or the named one is not; the
   *     message lists the available backends and the artifact to add
   */
  static ConcurrentRunner create() {
    return builder().build();
  }

  /**
   * Creates a runner on the backend with this name.
   *
   * @param backend the backend's name, such as {@code "guava"} (case and surrounding blanks are
   *     ignored)
   * @return a new runner with its own default executor
   * @throws NullPointerException if {@code backend} is null
   * @throws IllegalArgumentException if {@code backend} is empty or blank
   * @throws IllegalStateException if no backend has this name; the message lists the available
   *     ones and the artifact to add
   */
  static ConcurrentRunner create(String backend) {
    return builder().backend(backend).build();
  }

  /**
   * Lists the names of the backends available to {@link #create()}, highest priority first.
   *
   * @return the names of the providers that loaded; providers that failed to load are left out
   */
  static List<String> backends() {
    return Discovery.available();
  }

  /**
   * Returns a builder for a runner with a chosen backend, executor or failure handler.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link ConcurrentRunner}. Not thread-safe.
   *
   * <pre>{@code
   * ExecutorService pool = Executors.newFixedThreadPool(8);
   * ConcurrentRunner runner = ConcurrentRunner.builder()
   *     .backend("completablefuture")
   *     .executor(pool)                              // the runner will not shut it down
   *     .failureHandler(event -> metrics.record(event))
   *     .build();
   * }</pre>
   */
  final class Builder {
    private @Nullable String backend;
    private ConcurrentRunnerProvider provider;
    private @Nullable Executor executor;
    private FailureHandler failureHandler = FailureHandler.logging();
    private ContextHook contextHook;
    private GatherListener listener;

    private Builder() {}

    /**
     * Chooses the backend by name, overriding the system property and environment variable.
     *
     * @param backend the backend's name (case and surrounding blanks are ignored)
     * @return this builder
     * @throws NullPointerException if {@code backend} is null
     * @throws IllegalArgumentException if {@code backend} is empty or blank (it would otherwise
     *     read as no choice, and leave the choice to the environment)
     */
    public Builder backend(String backend) {
      Objects.requireNonNull(backend, "backend");
      if (backend.isBlank()) {
        throw new IllegalArgumentException(
            "backend must name a backend, such as \"completablefuture\", but was blank: '"
                + backend
                + "'");
      }
      this.backend = backend;
      return this;
    }

    /**
     * Builds the runner on this provider, without discovery: the explicit way beside {@link
     * java.util.ServiceLoader}. For a backend the application constructs itself (around a
     * cluster client, say), or to pin a backend in code. Excludes {@link #backend(String)}.
     *
     * @param provider the backend
     * @return this builder
     * @throws NullPointerException if {@code provider} is null
     */
    public Builder provider(ConcurrentRunnerProvider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Runs blocking tasks on {@code executor} instead of a default executor owned by the runner.
     * The runner never shuts it down.
     *
     * @param executor the executor
     * @return this builder
     * @throws NullPointerException if {@code executor} is null
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sends failures no caller can see to {@code failureHandler} instead of logging them.
     *
     * @param failureHandler the handler
     * @return this builder
     * @throws NullPointerException if {@code failureHandler} is null
     */
    public Builder failureHandler(FailureHandler failureHandler) {
      this.failureHandler = Objects.requireNonNull(failureHandler, "failureHandler");
      return this;
    }

    /**
     * Carries the caller's context into every task with {@code contextHook} (rule R30; see
     * {@link ContextHook}). A gather's {@link GatherOptions.Builder#contextHook(ContextHook)}
     * replaces it for that gather.
     *
     * @param contextHook the hook
     * @return this builder
     * @throws NullPointerException if {@code contextHook} is null
     */
    public Builder contextHook(ContextHook contextHook) {
      this.contextHook = Objects.requireNonNull(contextHook, "contextHook");
      return this;
    }

    /**
     * Sends the start and end of every gather and of every task it starts to {@code listener}
     * (rule R31; see {@link GatherListener}).
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(GatherListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Creates the runner.
     *
     * @return a new runner
     * @throws IllegalStateException if the backend cannot be found (see {@link
     *     ConcurrentRunner#create()}), if both {@link #backend(String)} and {@link
     *     #provider(ConcurrentRunnerProvider)} were set, or if the provider has no name, a name
     *     that is not lower case or has surrounding blanks, or returns no driver; also if its
     *     {@code createDriver()}, or the driver while the runner is built, throws (the cause; a
     *     driver created is shut down), naming the provider
     */
    public ConcurrentRunner build() {
      if (provider != null && backend != null) {
        throw new IllegalStateException(
            "both backend(\"" + backend + "\") and provider(" + provider.getClass().getName()
                + ") were set; set one");
      }
      // A discovered provider was asked its name once already (R25); one given here is asked now.
      Discovery.Loaded chosen =
          provider != null
              ? new Discovery.Loaded(provider, Discovery.checkedName(provider), 0)
              : Discovery.choose(backend);
      return EngineRunner.create(chosen, executor, failureHandler, contextHook, listener);
    }
  }
}
