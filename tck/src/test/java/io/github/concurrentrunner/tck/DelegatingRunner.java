package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.FailureHandler;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * Implements {@link ConcurrentRunner} directly by delegating to the correct reference runner; the
 * deliberately broken runners of the self-test override the operations they break.
 */
class DelegatingRunner implements ConcurrentRunner {
  final ConcurrentRunner delegate;
  private final String name;

  DelegatingRunner(String name, Executor executor, FailureHandler handler) {
    this.name = name;
    ConcurrentRunner.Builder builder =
        ConcurrentRunner.builder().provider(new ReferenceRunnerProvider()).failureHandler(handler);
    this.delegate = (executor == null ? builder : builder.executor(executor)).build();
  }

  @Override
  public String backend() {
    return delegate.backend(); // exceptions made by the delegate name it
  }

  /** The name of the broken behaviour, for messages. */
  @Override
  public String toString() {
    return name;
  }

  @Override
  public <T> GatherHandle<List<T>> all(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return delegate.all(tasks, options);
  }

  @Override
  public <T> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return delegate.allSettled(tasks, options);
  }

  @Override
  public <T> GatherHandle<T> any(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return delegate.any(tasks, options);
  }

  @Override
  public <T> GatherHandle<T> race(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return delegate.race(tasks, options);
  }

  @Override
  public <A, B> GatherHandle<Pair<A, B>> both(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    return delegate.both(first, second, options);
  }

  @Override
  public <A, B, R> GatherHandle<R> both(
      Task<? extends A> first,
      Task<? extends B> second,
      BiFunction<? super A, ? super B, ? extends R> combiner,
      GatherOptions options) {
    return delegate.both(first, second, combiner, options);
  }

  @Override
  public <A, B> GatherHandle<Pair<Outcome<A>, Outcome<B>>> bothSettled(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    return delegate.bothSettled(first, second, options);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
