package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on input: empty input (R3), nulls rejected at the call naming the argument
 * (R4), and null results (R5).
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class InputRules extends OrderingRules {

  // ================================================================== R3

  @Nested
  @DisplayName("R3: empty input gives [], [], AllFailedException with no causes, and IAE for race")
  class Rule03 {

    /** {@code all} over no tasks returns an empty list at once. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule03_allOverNoTasksIsEmpty(TaskMode mode) throws Exception {
      List<Task<String>> none = List.of();
      assertThat(await(runner.all(none, options(mode).build()))).isEmpty();
    }

    /** {@code allSettled} over no tasks returns an empty list at once. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule03_allSettledOverNoTasksIsEmpty(TaskMode mode) throws Exception {
      List<Task<String>> none = List.of();
      assertThat(await(runner.allSettled(none, options(mode).build()))).isEmpty();
    }

    /**
     * {@code any} over no tasks fails with {@code AllFailedException} holding zero failures. If
     * it hangs, the runner waits for a success that can never come.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule03_anyOverNoTasksFailsWithNoCauses(TaskMode mode) {
      List<Task<String>> none = List.of();
      Throwable failure = failureOf(runner.any(none, options(mode).build()));
      assertThat(failure).isInstanceOf(AllFailedException.class);
      assertThat(((AllFailedException) failure).failures()).isEmpty();
      assertThat(failure.getSuppressed()).isEmpty();
    }

    /** {@code race} over no tasks is rejected at the call: it could never complete. */
    @Test
    void rule03_raceOverNoTasksIsRejectedAtTheCall() {
      List<Task<String>> none = List.of();
      assertThatThrownBy(() -> runner.race(none)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> runner.race(none, GatherOptions.builder().maxConcurrency(1).build()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ================================================================== R4

  @Nested
  @DisplayName("R4: null arguments and bad options are rejected at the call, before any task starts")
  class Rule04 {

    /**
     * A null list is a {@code NullPointerException} naming {@code tasks}, from every operation.
     */
    @Test
    void rule04_nullListIsRejectedNamingIt() {
      List<Task<String>> none = null;
      for (Runnable call :
          List.<Runnable>of(
              () -> runner.all(none),
              () -> runner.allSettled(none),
              () -> runner.any(none),
              () -> runner.race(none))) {
        assertThatThrownBy(call::run)
            .isInstanceOf(NullPointerException.class)
            .hasMessageContaining("tasks");
      }
    }

    /**
     * A null task at index 3 is a {@code NullPointerException} whose message names {@code
     * tasks[3]}, and no task starts. If a task ran, the runner validates while it starts tasks
     * instead of before.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule04_nullTaskIsRejectedNamingItsIndex(TaskMode mode) {
      Task<String> ok = task(mode, () -> "x");
      List<Task<String>> tasks = Arrays.asList(ok, ok, ok, null, ok);
      GatherOptions options = options(mode).build();
      for (Runnable call :
          List.<Runnable>of(
              () -> runner.all(tasks, options),
              () -> runner.allSettled(tasks, options),
              () -> runner.any(tasks, options),
              () -> runner.race(tasks, options))) {
        assertThatThrownBy(call::run)
            .isInstanceOf(NullPointerException.class)
            .hasMessageContaining("tasks[3]");
      }
      assertThat(probe.entered()).as("tasks started").isZero();
    }

    /**
     * The same tasks in each of the JDK's common list classes ({@code ArrayList}, {@code List.of}
     * of two and of five, {@code Arrays.asList}, {@code CopyOnWriteArrayList}, {@code LinkedList},
     * an unmodifiable view) give the same values in input order; in each that can hold one, a
     * null at index 2 (or 37, in a longer list) is a {@code NullPointerException} naming {@code
     * tasks[2]} ({@code tasks[37]}), and an element that is not a task (put there through an
     * unchecked cast) an {@code IllegalArgumentException} naming its index and its class, with no
     * task started. If
     * one list class behaves differently, the runner copies some lists by another path.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule04_everyKindOfListIsCopiedAndCheckedAlike(TaskMode mode) throws Exception {
      GatherOptions options = options(mode).build();
      List<Task<String>> five = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String value = "v" + i;
        five.add(task(mode, () -> value));
      }
      List<String> values = List.of("v0", "v1", "v2", "v3", "v4");
      for (List<Task<String>> list :
          List.of(
              new ArrayList<>(five),
              List.copyOf(five),
              Arrays.asList(five.get(0), five.get(1), five.get(2), five.get(3), five.get(4)),
              new CopyOnWriteArrayList<>(five),
              new LinkedList<>(five),
              Collections.unmodifiableList(new ArrayList<>(five)))) {
        assertThat(await(runner.all(list, options)))
            .as(list.getClass().getName())
            .isEqualTo(values);
      }
      assertThat(await(runner.all(List.of(five.get(0), five.get(1)), options)))
          .containsExactly("v0", "v1");
      int started = probe.entered();
      // A short and a long list: an engine may copy them by different paths.
      for (int at : new int[] {2, 37}) {
        List<Task<String>> prefix = new ArrayList<>();
        for (int i = 0; i < at; i++) {
          prefix.add(five.get(i % five.size()));
        }
        String named = "tasks[" + at + "]";
        List<Object> withNotTask = new ArrayList<>(prefix);
        withNotTask.add("x");
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Task<String>> notTask = (List) withNotTask;
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Task<String>> notTaskArray = (List) Arrays.asList(withNotTask.toArray());
        List<List<Task<String>>> broken = new ArrayList<>();
        for (List<Task<String>> list :
            List.<List<Task<String>>>of(
                new ArrayList<>(), new CopyOnWriteArrayList<>(), new LinkedList<>())) {
          list.addAll(prefix);
          list.add(null);
          broken.add(list);
        }
        List<Task<String>> withNull = new ArrayList<>(prefix);
        withNull.add(null);
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Task<String>> nullInArray = (List) Arrays.asList(withNull.toArray(new Task<?>[0]));
        broken.add(nullInArray);
        for (List<Task<String>> list : broken) {
          assertThatThrownBy(() -> runner.all(list, options))
              .as(list.getClass().getName() + " of " + list.size())
              .isInstanceOf(NullPointerException.class)
              .hasMessageContaining(named);
        }
        for (List<Task<String>> list :
            List.of(
                notTask,
                new CopyOnWriteArrayList<>(notTask),
                new LinkedList<>(notTask),
                notTaskArray)) {
          assertThatThrownBy(() -> runner.all(list, options))
              .as(list.getClass().getName() + " of " + list.size())
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining(named)
              .hasMessageContaining("java.lang.String");
        }
      }
      assertThat(probe.entered()).as("tasks started by the rejected calls").isEqualTo(started);
    }

    /**
     * Null options, a null task of {@code both} or a null combiner are rejected naming the
     * argument, and no task starts.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule04_nullOptionsAndPairArgumentsAreRejected(TaskMode mode) {
      Task<String> ok = task(mode, () -> "x");
      List<Task<String>> tasks = List.of(ok, ok);
      for (Runnable call :
          List.<Runnable>of(
              () -> runner.all(tasks, null),
              () -> runner.allSettled(tasks, null),
              () -> runner.any(tasks, null),
              () -> runner.race(tasks, null),
              () -> runner.race(List.of(), null), // null options named before the empty list
              () -> runner.both(ok, ok, (GatherOptions) null),
              () -> runner.bothSettled(ok, ok, null),
              () -> runner.both(ok, ok, (a, b) -> a + b, null))) {
        assertThatThrownBy(call::run)
            .isInstanceOf(NullPointerException.class)
            .hasMessageContaining("options");
      }
      assertThatThrownBy(() -> runner.both(null, ok))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("first");
      assertThatThrownBy(() -> runner.bothSettled(ok, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("second");
      assertThatThrownBy(() -> runner.both(ok, ok, null, GatherOptions.defaults()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("combiner");
      assertThat(probe.entered()).as("tasks started").isZero();
    }

    /**
     * The options builder rejects bad values at once, with a message naming the option and the
     * value: {@code maxConcurrency(-1)}, negative {@code timeout}, {@code taskTimeout} and
     * {@code gracePeriod}, nulls.
     */
    @Test
    void rule04_optionsBuilderRejectsBadValuesNamingThem() {
      assertThatThrownBy(() -> GatherOptions.builder().maxConcurrency(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxConcurrency")
          .hasMessageContaining("-1");
      assertThatThrownBy(() -> GatherOptions.builder().maxConcurrency(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxConcurrency");
      assertThatThrownBy(() -> GatherOptions.builder().timeout(Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timeout")
          .hasMessageContaining("PT-0.001S");
      assertThatThrownBy(() -> GatherOptions.builder().taskTimeout(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("taskTimeout")
          .hasMessageContaining("PT-1S");
      assertThatThrownBy(() -> GatherOptions.builder().gracePeriod(Duration.ofMillis(-5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("gracePeriod");
      assertThatThrownBy(() -> GatherOptions.builder().timeout(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("timeout");
      assertThatThrownBy(() -> GatherOptions.builder().executor(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("executor");
    }
  }

  // ================================================================== R5

  @Nested
  @DisplayName("R5: a task may return null; its slot holds null, which never means failure")
  class Rule05 {

    /**
     * A null value fills its slot in {@code all}, is {@code Success(null)} in {@code
     * allSettled}, is a valid winner of {@code any} and {@code race}, and a valid half of {@code
     * both}. If this fails, the backend uses null as a "no value" marker (RxJava forbids nulls:
     * box them).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule05_nullResultFillsItsSlot(TaskMode mode) throws Exception {
      GatherOptions options = options(mode).build();
      List<Task<String>> tasks = List.of(task(mode, () -> "a"), task(mode, () -> null));
      assertThat(await(runner.all(tasks, options))).containsExactly("a", null);
      assertThat(await(runner.allSettled(tasks, options)))
          .containsExactly(new Outcome.Success<>("a"), new Outcome.Success<>(null));
      Task<String> nothing = task(mode, () -> null);
      assertThat(await(runner.any(List.of(nothing), options))).isNull();
      assertThat(await(runner.race(List.of(nothing), options))).isNull();
      assertThat(await(runner.both(nothing, task(mode, () -> 1), options)))
          .isEqualTo(new Pair<>(null, 1));
      assertThat(await(runner.bothSettled(nothing, nothing, options)).first().isSuccess()).isTrue();
    }
  }
}
