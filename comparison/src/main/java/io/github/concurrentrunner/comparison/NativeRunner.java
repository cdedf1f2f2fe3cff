package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * What every native runner shares, and nothing more: its name, its executor (the one given, or a
 * cached pool of daemon threads it owns and shuts down with {@code shutdownNow()} in {@link
 * #close()}, as a careful user does), and {@code both}/{@code bothSettled} as the library's
 * aggregate over two tasks. The operations themselves are each library's own, in the subclasses.
 *
 * <p>There is no engine here on purpose: no input validation beyond what the library does, no
 * ordering, cancellation, timeout or leak bookkeeping of our own. Whatever the library does, the
 * runner does; the conformance matrix records the difference from the contract.
 */
abstract class NativeRunner implements ConcurrentRunner {
  private final String name;
  private final Executor executor;
  private final ExecutorService owned;

  /**
   * Creates the runner.
   *
   * @param name the implementation's name, such as {@code cf-allof} (lower case, as backends'
   *     names are)
   * @param executor the executor for blocking tasks, or null for an owned cached pool
   */
  NativeRunner(String name, Executor executor) {
    this.name = name;
    if (executor == null) {
      AtomicInteger count = new AtomicInteger();
      this.owned =
          Executors.newCachedThreadPool(
              r -> {
                Thread thread = new Thread(r, "concurrent-runner-" + name + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      this.executor = owned;
    } else {
      this.owned = null;
      this.executor = executor;
    }
  }

  /**
   * Creates a runner whose library runs tasks on threads of its own, not on an executor: it owns
   * no pool, and {@link #executor(GatherOptions)} is not for it.
   *
   * @param name the implementation's name
   */
  NativeRunner(String name) {
    this.name = name;
    this.owned = null;
    this.executor = Runnable::run;
  }

  @Override
  public final String backend() {
    return name;
  }

  /** The executor of a gather: the option's, else the runner's. */
  final Executor executor(GatherOptions options) {
    return options.executor().orElse(executor);
  }

  /** Fails a gather the library cannot bound: the caller learns it at the call. */
  final void refuseMaxConcurrency(GatherOptions options, String library) {
    if (options.maxConcurrency().isPresent()) {
      throw new UnsupportedOperationException(
          name + ": " + library + " has no bounded aggregate; maxConcurrency("
              + options.maxConcurrency().getAsInt() + ") is not supported");
    }
  }

  /**
   * What a hand-written "first success" ({@code any}) delivers when every task failed: no library
   * has the contract's {@code AllFailedException} (only the engine makes one), so a careful user
   * throws a {@link NoSuchElementException} carrying each failure, in input order, as suppressed.
   */
  static NoSuchElementException allFailed(Throwable[] failures) {
    NoSuchElementException none =
        new NoSuchElementException("every one of " + failures.length + " tasks failed");
    for (Throwable failure : failures) {
      if (failure != null && failure != none) {
        none.addSuppressed(failure);
      }
    }
    return none;
  }

  /** The values a zip function receives, as a list (nulls allowed) of the gather's type. */
  @SuppressWarnings("unchecked")
  static <T> List<T> toList(Object[] values) {
    List<T> list = new ArrayList<>(values.length);
    for (Object value : values) {
      list.add((T) value);
    }
    return list;
  }

  @Override
  public final <A, B> GatherHandle<Pair<A, B>> both(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    return both(first, second, Pair::new, options);
  }

  @Override
  @SuppressWarnings("unchecked")
  public final <A, B, R> GatherHandle<R> both(
      Task<? extends A> first,
      Task<? extends B> second,
      BiFunction<? super A, ? super B, ? extends R> combiner,
      GatherOptions options) {
    NativeHandle<List<Object>> both =
        (NativeHandle<List<Object>>) all(List.<Task<?>>of(first, second), options);
    return both.map(list -> combiner.apply((A) list.get(0), (B) list.get(1)));
  }

  @Override
  @SuppressWarnings("unchecked")
  public final <A, B> GatherHandle<Pair<Outcome<A>, Outcome<B>>> bothSettled(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    NativeHandle<List<Outcome<Object>>> both =
        (NativeHandle<List<Outcome<Object>>>) allSettled(List.<Task<?>>of(first, second), options);
    return both.map(list -> new Pair<>((Outcome<A>) list.get(0), (Outcome<B>) list.get(1)));
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
