package io.github.concurrentrunner.stress;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherListener;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The runners the stress tests drive: one per backend found on the class path, shared by every
 * test state of a forked VM (a state is one gather; a runner per state would measure runner
 * creation, not the coordinator's races). States take them round-robin, and each outcome names its
 * backend, so one jcstress run covers every backend and a FORBIDDEN outcome says where it happened.
 *
 * <p>The system property {@code stress.backends} (a comma-separated list) restricts the backends.
 */
public final class StressRunners {
  private static final List<ConcurrentRunnerProvider> PROVIDERS = providers();
  private static final List<ConcurrentRunner> RUNNERS = runners();
  private static final AtomicInteger NEXT = new AtomicInteger();

  /** Failures the runners' failure handlers received (rule R11), by identity. */
  private static final Set<Throwable> REPORTED =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  private StressRunners() {}

  /**
   * Returns the next shared runner, round-robin over the backends.
   *
   * @return a runner that is never closed
   */
  public static ConcurrentRunner next() {
    return RUNNERS.get(Math.floorMod(NEXT.getAndIncrement(), RUNNERS.size()));
  }

  /**
   * Creates a new runner on the next backend, round-robin, with the given executor; for tests
   * that close their runner.
   *
   * @param executor the runner's executor
   * @return a new runner
   */
  public static ConcurrentRunner fresh(Executor executor) {
    return fresh(executor, UnaryOperator.identity());
  }

  /**
   * Creates a new runner on the next backend, round-robin, with the given executor, whose driver
   * is the backend's own as {@code wrap} returns it; for tests that watch what the runner does
   * with its driver.
   *
   * @param executor the runner's executor
   * @param wrap takes the backend's driver, returns the driver the runner uses
   * @return a new runner
   */
  public static ConcurrentRunner fresh(Executor executor, UnaryOperator<TaskDriver> wrap) {
    return builder(executor, wrap).build();
  }

  /**
   * Creates a new runner on the next backend, round-robin, with the given executor and listener;
   * for tests of what a runner sends its listener.
   *
   * @param executor the runner's executor
   * @param listener the runner's listener
   * @return a new runner
   */
  public static ConcurrentRunner observed(Executor executor, GatherListener listener) {
    return builder(executor, UnaryOperator.identity()).listener(listener).build();
  }

  private static ConcurrentRunner.Builder builder(
      Executor executor, UnaryOperator<TaskDriver> wrap) {
    ConcurrentRunnerProvider provider =
        PROVIDERS.get(Math.floorMod(NEXT.getAndIncrement(), PROVIDERS.size()));
    ConcurrentRunnerProvider wrapped =
        new ConcurrentRunnerProvider() {
          @Override
          public String name() {
            return provider.name();
          }

          @Override
          public int priority() {
            return provider.priority();
          }

          @Override
          public TaskDriver createDriver() {
            return wrap.apply(provider.createDriver());
          }
        };
    return ConcurrentRunner.builder()
        .provider(wrapped)
        .executor(executor)
        .failureHandler(StressRunners::record);
  }

  /**
   * Whether the failure handler received this very throwable, and forgets it.
   *
   * @param failure the throwable
   * @return true if it was reported
   */
  public static boolean takeReported(Throwable failure) {
    return REPORTED.remove(failure);
  }

  private static void record(FailureEvent event) {
    REPORTED.add(event.failure());
  }

  private static List<ConcurrentRunnerProvider> providers() {
    String only = System.getProperty("stress.backends", "").trim();
    List<String> wanted = only.isEmpty() ? List.of() : List.of(only.split("\\s*,\\s*"));
    List<ConcurrentRunnerProvider> found = new ArrayList<>();
    for (ConcurrentRunnerProvider provider : ServiceLoader.load(ConcurrentRunnerProvider.class)) {
      if (wanted.isEmpty() || wanted.contains(provider.name())) {
        found.add(provider);
      }
    }
    found.sort((a, b) -> a.name().compareTo(b.name()));
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "no backend on the class path" + (wanted.isEmpty() ? "" : " among " + wanted));
    }
    return List.copyOf(found);
  }

  /**
   * Creates one runner per backend with the given failure handler; for tests of what a runner
   * does with its handler. The runners are never closed.
   *
   * @param handler the failure handler
   * @return the runners, in backend order
   */
  public static List<ConcurrentRunner> withHandler(io.github.concurrentrunner.FailureHandler handler) {
    List<ConcurrentRunner> runners = new ArrayList<>();
    for (ConcurrentRunnerProvider provider : PROVIDERS) {
      runners.add(ConcurrentRunner.builder().provider(provider).failureHandler(handler).build());
    }
    return List.copyOf(runners);
  }

  private static List<ConcurrentRunner> runners() {
    List<ConcurrentRunner> runners = new ArrayList<>();
    for (ConcurrentRunnerProvider provider : PROVIDERS) {
      runners.add(
          ConcurrentRunner.builder().provider(provider).failureHandler(StressRunners::record).build());
    }
    return List.copyOf(runners);
  }
}
