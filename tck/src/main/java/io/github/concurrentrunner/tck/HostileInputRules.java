package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.TaskTimeoutException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on hostile input: durations beyond what a {@code long} of nanoseconds holds
 * (R28), and task lists that change while being read or contradict themselves (R29).
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class HostileInputRules extends HostileStageRules {

  /** The longest durations Java offers: both overflow a {@code long} of nanoseconds. */
  static final List<Duration> HUGE =
      List.of(Duration.ofSeconds(Long.MAX_VALUE), ChronoUnit.FOREVER.getDuration());

  // ================================================================== R28

  @Nested
  @DisplayName("R28: every non-negative duration is accepted; huge ones saturate; negative ones are rejected naming the option")
  class Rule28 extends Watched {

    /**
     * {@code Duration.ofSeconds(Long.MAX_VALUE)} and {@code ChronoUnit.FOREVER.getDuration()} as
     * {@code timeout}, {@code taskTimeout} and {@code gracePeriod} mean "practically never": every
     * operation returns its result, and a cancelled gather with such options completes as
     * cancelled. If an {@code ArithmeticException} appears, at the call, at {@code cancel()} or
     * inside a task, the runner converts a duration to nanoseconds without saturating.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule28_hugeDurationsMeanPracticallyNever(TaskMode mode) throws Exception {
      for (Duration huge : HUGE) {
        GatherOptions options =
            options(mode).timeout(huge).taskTimeout(huge).gracePeriod(huge).build();
        List<Task<String>> tasks = List.of(task(mode, () -> "a"), task(mode, () -> "b"));
        assertThat(await(runner.all(tasks, options))).containsExactly("a", "b");
        assertThat(await(runner.allSettled(tasks, options)))
            .containsExactly(new Outcome.Success<>("a"), new Outcome.Success<>("b"));
        assertThat(await(runner.any(tasks, options))).isIn("a", "b");
        assertThat(await(runner.race(tasks, options))).isIn("a", "b");
        Blocker blocker = new Blocker();
        GatherHandle<List<String>> cancelled =
            runner.all(List.of(task(mode, blocker::call)), options);
        blocker.awaitStarted();
        assertThat(cancelled.cancel()).isTrue();
        assertThat(failureOf(cancelled)).isInstanceOf(CancellationException.class);
        blocker.assertInterrupted();
      }
    }

    /**
     * {@code await(Duration)} takes every non-negative duration: zero and one nanosecond on a
     * running gather time out at once (and do not cancel it), huge durations wait for the result.
     * If an {@code ArithmeticException} appears, {@code await} converts without saturating.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule28_awaitTakesEveryNonNegativeDuration(TaskMode mode) throws Exception {
      Blocker blocker = new Blocker(e -> "interrupted");
      GatherHandle<List<String>> handle = runner.all(List.of(task(mode, blocker::call)), options(mode).build());
      assertThatThrownBy(() -> handle.await(Duration.ZERO)).isInstanceOf(TimeoutException.class);
      assertThatThrownBy(() -> handle.await(Duration.ofNanos(1))).isInstanceOf(TimeoutException.class);
      assertThat(handle.isDone()).isFalse();
      assertThat(handle.cancel()).isTrue();
      for (Duration huge : HUGE) {
        assertThatThrownBy(() -> handle.await(huge)).isInstanceOf(CancellationException.class);
        assertThat(runner.all(List.of(task(mode, () -> "x"))).await(huge)).containsExactly("x");
      }
    }

    /**
     * A negative duration is rejected at the call with an {@code IllegalArgumentException} naming
     * the option, also the most negative {@code Duration}, whose conversion would overflow. If an
     * {@code ArithmeticException} appears, the check converts before comparing.
     */
    @Test
    void rule28_negativeDurationsAreRejectedNamingTheOption() {
      for (Duration negative : List.of(Duration.ofNanos(-1), Duration.ofSeconds(Long.MIN_VALUE))) {
        assertThatThrownBy(() -> GatherOptions.builder().timeout(negative))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("timeout");
        assertThatThrownBy(() -> GatherOptions.builder().taskTimeout(negative))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("taskTimeout");
        assertThatThrownBy(() -> GatherOptions.builder().gracePeriod(negative))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("gracePeriod");
        GatherHandle<List<String>> handle = runner.all(List.of(task(TaskMode.BLOCKING, () -> "x")));
        assertThatThrownBy(() -> handle.await(negative))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("timeout");
      }
    }

    /**
     * A zero {@code timeout} is accepted and passes at once: {@code all} over a blocked task
     * throws {@code GatherTimeoutException}, {@code allSettled} records it as timed out; a zero
     * {@code taskTimeout} times each task out as it starts. If the builder rejects zero, it
     * checks "positive" instead of "non-negative".
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule28_zeroTimeoutsPassAtOnce(TaskMode mode) throws Exception {
      Blocker first = new Blocker();
      assertThat(failureOf(runner.all(List.of(task(mode, first::call)), options(mode).timeout(Duration.ZERO).build())))
          .isInstanceOf(GatherTimeoutException.class);
      Blocker second = new Blocker();
      assertThat(await(runner.allSettled(List.of(task(mode, second::call)), options(mode).timeout(Duration.ZERO).build())))
          .containsExactly(new Outcome.TimedOut<>());
      Blocker third = new Blocker();
      Throwable failure =
          failureOf(runner.all(List.of(task(mode, third::call)), options(mode).taskTimeout(Duration.ZERO).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      assertThat(failure.getCause()).isInstanceOf(TaskTimeoutException.class);
    }

    /**
     * A zero {@code timeout} passes before any task can finish, and a zero {@code taskTimeout}
     * times a task out as it starts, even a task that returns at once: twenty times each, with
     * {@code all}, {@code allSettled} and {@code any}, the outcome is the timeout every time. If
     * one of them returns the task's value, the runner armed a timer of zero, which races the
     * task (on each backend with its own odds).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule28_zeroTimeoutsPassBeforeEvenAQuickTaskFinishes(TaskMode mode) throws Exception {
      List<Task<String>> quick = List.of(task(mode, () -> "quick"));
      GatherOptions zeroTimeout = options(mode).timeout(Duration.ZERO).build();
      GatherOptions zeroTaskTimeout = options(mode).taskTimeout(Duration.ZERO).build();
      for (int i = 0; i < 20; i++) {
        assertThat(failureOf(runner.all(quick, zeroTimeout)))
            .as("all, zero timeout, round %d", i)
            .isInstanceOf(GatherTimeoutException.class);
        assertThat(failureOf(runner.any(quick, zeroTimeout)))
            .as("any, zero timeout, round %d", i)
            .isInstanceOf(GatherTimeoutException.class);
        assertThat(await(runner.allSettled(quick, zeroTimeout)))
            .as("allSettled, zero timeout, round %d", i)
            .containsExactly(new Outcome.TimedOut<>());
        Throwable failure = failureOf(runner.all(quick, zeroTaskTimeout));
        assertThat(failure).as("all, zero taskTimeout, round %d", i)
            .isInstanceOf(TaskFailedException.class);
        assertThat(failure.getCause()).isInstanceOf(TaskTimeoutException.class);
        assertThat(await(runner.allSettled(quick, zeroTaskTimeout)))
            .as("allSettled, zero taskTimeout, round %d", i)
            .containsExactly(new Outcome.TimedOut<>());
      }
    }
  }

  // ================================================================== R29

  @Nested
  @DisplayName("R29: the task list is read once, as one snapshot; a list that lies is rejected saying so")
  class Rule29 extends Watched {

    /**
     * Another thread appends to a {@code CopyOnWriteArrayList} between any two reads of it (here
     * every read other than {@code toArray()} appends, as a racing writer could): the gather runs
     * exactly the tasks of the one snapshot it took, and no {@code
     * ConcurrentModificationException} appears. If one does, the runner reads {@code size()} and
     * then iterates, instead of taking one snapshot.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule29_listChangedDuringTheCallGivesOneConsistentSnapshot(TaskMode mode) throws Exception {
      AtomicInteger snapshotSize = new AtomicInteger(-1);
      List<Task<String>> tasks =
          new CopyOnWriteArrayList<>() {
            private static final long serialVersionUID = 1L;

            private void appendAsARacingWriter() {
              super.add(task(mode, () -> "appended"));
            }

            @Override
            public int size() {
              int size = super.size();
              appendAsARacingWriter();
              return size;
            }

            @Override
            public java.util.Iterator<Task<String>> iterator() {
              java.util.Iterator<Task<String>> iterator = super.iterator();
              appendAsARacingWriter();
              return iterator;
            }

            @Override
            public Object[] toArray() {
              Object[] snapshot = super.toArray();
              snapshotSize.set(snapshot.length);
              return snapshot;
            }
          };
      tasks.add(task(mode, () -> "a"));
      tasks.add(task(mode, () -> "b"));
      List<String> result = await(runner.all(tasks, options(mode).build()));
      assertThat(result).hasSize(snapshotSize.get()).startsWith("a", "b");
    }

    /**
     * The runner reads the list exactly once, with {@code toArray()}, before any task starts:
     * never element by element. If {@code get} or {@code iterator} is called, the runner copies
     * the list itself, which a changing list can make inconsistent.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule29_listIsReadOnceAsOneSnapshot(TaskMode mode) throws Exception {
      List<Task<String>> backing = List.of(task(mode, () -> "a"), task(mode, () -> "b"));
      AtomicInteger snapshots = new AtomicInteger();
      AtomicInteger elementReads = new AtomicInteger();
      List<Task<String>> counting =
          new AbstractList<>() {
            @Override
            public Task<String> get(int index) {
              elementReads.incrementAndGet();
              return backing.get(index);
            }

            @Override
            public int size() {
              return backing.size();
            }

            @Override
            public Object[] toArray() {
              snapshots.incrementAndGet();
              return backing.toArray();
            }
          };
      assertThat(await(runner.all(counting, options(mode).build()))).containsExactly("a", "b");
      assertThat(snapshots.get()).as("calls of toArray()").isEqualTo(1);
      assertThat(elementReads.get()).as("calls of get(int)").isZero();
    }

    /**
     * A list whose {@code size()} lies (negative, or {@code Integer.MAX_VALUE} with two
     * elements) is rejected at the call with an {@code IllegalArgumentException} that says the
     * list contradicts itself, before any task starts; never a {@code NegativeArraySizeException}
     * or an {@code OutOfMemoryError}.
     */
    @Test
    void rule29_listWhoseSizeLiesIsRejectedSayingSo() {
      List<Task<String>> two = List.of(task(TaskMode.BLOCKING, () -> "a"), task(TaskMode.BLOCKING, () -> "b"));
      for (int lie : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
        List<Task<String>> liar =
            new AbstractList<>() {
              @Override
              public Task<String> get(int index) {
                return two.get(index);
              }

              @Override
              public int size() {
                return lie;
              }
            };
        assertThatThrownBy(() -> runner.all(liar))
            .as("size() = %d", lie)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("size()")
            .hasMessageContaining(String.valueOf(lie));
      }
      assertThat(probe.entered()).as("task bodies run").isZero();
    }

    /**
     * Appending threads race with gathers over the same {@code CopyOnWriteArrayList}: every
     * gather runs the tasks of one state of the list (at least the initial ones, at most all),
     * and none fails with a {@code ConcurrentModificationException}. (The jcstress test {@code
     * SnapshotVsAppend} explores the same race exhaustively.)
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule29_concurrentAppendsNeverBreakAGather(TaskMode mode) throws Exception {
      List<Task<String>> tasks = new CopyOnWriteArrayList<>();
      tasks.add(task(mode, () -> "first"));
      int appends = 200;
      var appender =
          testPool.submit(
              () -> {
                for (int i = 0; i < appends; i++) {
                  tasks.add(task(mode, () -> "appended"));
                  Thread.yield();
                }
              });
      List<Integer> sizes = new ArrayList<>();
      while (!appender.isDone()) {
        sizes.add(await(runner.all(tasks, options(mode).build())).size());
      }
      appender.get();
      assertThat(sizes).allMatch(size -> size >= 1 && size <= appends + 1);
    }
  }
}
