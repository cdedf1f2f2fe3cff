package io.github.concurrentrunner.reliability;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * The backends under test: every one {@link ConcurrentRunner#backends()} finds on the class path,
 * so a new backend joins these suites by being a dependency of this module.
 */
final class Backends {
  private Backends() {}

  /** The names, for {@code @MethodSource}. */
  static Stream<String> names() {
    List<String> names = ConcurrentRunner.backends();
    if (names.isEmpty()) {
      throw new IllegalStateException("no backend on the class path");
    }
    return names.stream();
  }

  /** A runner that records every failure event it reports. */
  static Recorded create(String backend) {
    return create(backend, null);
  }

  /** A runner on a given executor (null: the runner's own) that records its events. */
  static Recorded create(String backend, Executor executor) {
    List<FailureEvent> events = new CopyOnWriteArrayList<>();
    ConcurrentRunner.Builder builder =
        ConcurrentRunner.builder().backend(backend).failureHandler(events::add);
    if (executor != null) {
      builder.executor(executor);
    }
    return new Recorded(builder.build(), events);
  }

  /** A runner and the events its failure handler received. */
  record Recorded(ConcurrentRunner runner, List<FailureEvent> events) implements AutoCloseable {
    @Override
    public void close() {
      runner.close();
    }
  }
}
