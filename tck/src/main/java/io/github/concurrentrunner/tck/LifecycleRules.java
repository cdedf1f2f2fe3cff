package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.assertCancelled;
import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on the runner itself: thread safety and close (R24), discovery (R25), and
 * identical behaviour, both and bothSettled (R26).
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class LifecycleRules extends ExecutorRules {

  // ================================================================== R24

  @Nested
  @DisplayName("R24: a runner is thread-safe; close() cancels running gathers, is idempotent, and later calls fail")
  class Rule24 {

    /**
     * Eight threads each run 25 gathers of 10 tasks at once on one runner; every result is right.
     * If results mix up or a gather hangs, the runner shares per-gather state.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule24_manyGathersFromManyThreadsAtOnce(TaskMode mode) throws Exception {
      int threads = 8;
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<Boolean>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            testPool.submit(
                () -> {
                  start.await(Delays.LONG.toNanos(), NANOSECONDS);
                  for (int g = 0; g < 25; g++) {
                    List<Task<String>> tasks = new ArrayList<>();
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                      String value = thread + "/" + g + "/" + i;
                      expected.add(value);
                      tasks.add(task(mode, () -> value));
                    }
                    assertThat(await(runner.all(tasks, options(mode).build())))
                        .isEqualTo(expected);
                  }
                  return true;
                }));
      }
      for (Future<Boolean> future : done) {
        assertThat(future.get(Delays.LONG.toNanos() * 2, NANOSECONDS)).isTrue();
      }
    }

    /**
     * {@code close()} cancels a running gather (its task is interrupted, {@code await()} throws
     * {@code CancellationException}), later operations throw {@code IllegalStateException}, and a
     * second {@code close()} does nothing. If the task runs on, close() forgets running gathers.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule24_closeCancelsRunningGathersAndRejectsLaterCalls(TaskMode mode) throws Exception {
      ConcurrentRunner closing = newRunner(null, failures);
      Blocker running = new Blocker();
      GatherHandle<List<String>> handle =
          closing.all(List.of(task(mode, running::call)), options(mode).build());
      running.awaitStarted();
      closing.close();
      assertCancelled(running, handle);
      List<Task<String>> tasks = List.of(task(mode, () -> "x"));
      assertThatThrownBy(() -> closing.all(tasks)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> closing.allSettled(tasks)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> closing.any(tasks)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> closing.race(tasks)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> closing.both(tasks.get(0), tasks.get(0)))
          .isInstanceOf(IllegalStateException.class);
      closing.close();
      assertThat(probe.entered()).as("tasks started after close").isEqualTo(1);
    }

    /**
     * {@code close()} cancels every running gather, however many run at once: 100 gathers, each
     * waiting for a stage that only its cancellation completes (more than the runner keeps in
     * its small table of running gathers, so that some go to its overflow set). If one is left
     * running, the runner loses track of gathers when many run together.
     */
    @Test
    void rule24_closeCancelsEveryOneOfManyRunningGathers() throws Exception {
      ConcurrentRunner closing = newRunner(null, failures);
      List<CompletableFuture<String>> stages = new ArrayList<>();
      List<GatherHandle<List<String>>> handles = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        CompletableFuture<String> stage = new CompletableFuture<>();
        stages.add(stage);
        handles.add(closing.all(List.of(Task.async(() -> stage))));
      }
      assertThat(handles).noneMatch(GatherHandle::isDone);
      closing.close();
      for (GatherHandle<List<String>> handle : handles) {
        assertThat(failureOf(handle)).isInstanceOf(CancellationException.class);
      }
      assertThat(stages).allMatch(CompletableFuture::isCancelled);
    }
  }

  // ================================================================== R25

  @Nested
  @DisplayName("R25: the backend is found by ServiceLoader, by name and by priority")
  class Rule25 {

    /**
     * {@code ConcurrentRunner.backends()} lists the provider's name and {@code create(name)}
     * returns a runner of this backend. If it is missing, the backend's jar lacks {@code
     * META-INF/services/io.github.concurrentrunner.spi.ConcurrentRunnerProvider} (class path) or
     * {@code provides} in its module-info (module path).
     */
    @Test
    void rule25_providerIsFoundByDiscovery() throws Exception {
      String name = provider().name();
      assertThat(ConcurrentRunner.backends()).contains(name);
      try (ConcurrentRunner found = ConcurrentRunner.create(name)) {
        assertThat(found.backend()).isEqualTo(name);
        assertThat(await(found.all(List.of(Task.of(profile().body(() -> "x"))))))
            .containsExactly("x");
      }
    }

    /**
     * A misspelt name is an {@code IllegalStateException} whose message names the request and
     * lists the available backends (among them this one).
     */
    @Test
    void rule25_misspeltNameListsTheAvailableBackends() {
      String name = provider().name();
      assertThatThrownBy(() -> ConcurrentRunner.create(name + "-misspelt"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(name + "-misspelt")
          .hasMessageContaining(name);
    }
  }

  // ================================================================== R26

  @Nested
  @DisplayName("R26: every backend behaves identically: this kit, unchanged, plus both and bothSettled")
  class Rule26 {

    /**
     * The provider's name is lower case, non-blank, and round-trips through the runner it creates:
     * the kit's tests compare messages and events with it.
     */
    @Test
    void rule26_providerNameRoundTrips() {
      String name = provider().name();
      assertThat(name).isNotBlank().isEqualTo(name.toLowerCase(Locale.ROOT));
      assertThat(runner.backend()).isEqualTo(name);
      assertThat(provider().name()).isEqualTo(name);
    }

    /**
     * {@code both} returns a {@code Pair} in argument order, {@code both} with a combiner combines
     * once, a combiner's exception is what {@code await()} throws (same instance), and {@code
     * bothSettled} records both outcomes. If one of these differs from the {@code all} /
     * {@code allSettled} tests, the two-task variants have their own, divergent code.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule26_bothBothSettledAndCombinerBehaveLikeAllAndAllSettled(TaskMode mode)
        throws Exception {
      GatherOptions options = options(mode).build();
      Scramble scramble = new Scramble(2, false);
      Task<String> first = task(mode, () -> scramble.run(0, () -> "one"));
      Task<Integer> second = task(mode, () -> scramble.run(1, () -> 2));
      assertThat(await(runner.both(first, second, options))).isEqualTo(new Pair<>("one", 2));
      AtomicInteger combined = new AtomicInteger();
      String joined =
          await(
              runner.both(
                  task(mode, () -> "a"),
                  task(mode, () -> 3),
                  (a, b) -> {
                    combined.incrementAndGet();
                    return a + b;
                  },
                  options));
      assertThat(joined).isEqualTo("a3");
      assertThat(combined.get()).isEqualTo(1);
      IllegalArgumentException combinerFailure = new IllegalArgumentException("combiner fails");
      assertThat(
              failureOf(
                  runner.both(
                      task(mode, () -> "a"),
                      task(mode, () -> 3),
                      (a, b) -> {
                        throw combinerFailure;
                      },
                      options)))
          .isSameAs(combinerFailure);
      IOException boom = new IOException("boom");
      Pair<Outcome<String>, Outcome<Integer>> settled =
          await(
              runner.bothSettled(
                  task(mode, () -> "ok"),
                  task(
                      mode,
                      () -> {
                        throw boom;
                      }),
                  options));
      assertThat(settled.first()).isEqualTo(new Outcome.Success<>("ok"));
      profile().assertFailureOutcome(settled.second(), boom);
      assertThat(await(runner.both(profile().body(() -> "x"), profile().body(() -> 1))))
          .isEqualTo(new Pair<>("x", 1));
    }
  }
}
