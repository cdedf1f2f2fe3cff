package io.github.concurrentrunner.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shortcuts of the API as a user writes them, on every backend: each compiles without type
 * arguments where Java's inference allows (the compiler is part of the test), and returns what the
 * list form would. The semantics behind them are the TCK's ({@code ConvenienceOverloadRules}).
 */
class ShortcutsTest {
  private static final GatherOptions OPTIONS =
      GatherOptions.builder().timeout(Duration.ofSeconds(10)).build();

  /** The local backends, as {@link ExamplesTest#backends()} (the shortcuts take plain lambdas). */
  static List<String> backends() {
    return ExamplesTest.backends();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void listOperationsTakeTwoOrThreeTasksWithoutAList(String backend) throws Exception {
    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      Task<String> a = Task.of(() -> "a");
      Task<String> b = Task.async(() -> CompletableFuture.completedFuture("b"));
      Task<String> c = Task.of("c", () -> "c");

      assertThat(runner.all(a, b).await()).containsExactly("a", "b");
      assertThat(runner.all(a, b, c).await()).containsExactly("a", "b", "c");
      assertThat(runner.all(a, b, OPTIONS).await()).containsExactly("a", "b");
      assertThat(runner.all(a, b, c, OPTIONS).await()).containsExactly("a", "b", "c");
      assertThat(runner.allSettled(a, b).await())
          .containsExactly(Outcome.success("a"), Outcome.success("b"));
      assertThat(runner.allSettled(a, b, c, OPTIONS).await()).hasSize(3);
      assertThat(runner.any(a, b).await()).isIn("a", "b");
      assertThat(runner.any(a, b, c, OPTIONS).await()).isIn("a", "b", "c");
      assertThat(runner.race(a, b, c).await()).isIn("a", "b", "c");
      assertThat(runner.race(a, b, OPTIONS).await()).isIn("a", "b");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void listOperationsTakeCallables(String backend) throws Exception {
    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      assertThat(runner.all(() -> 1, () -> 2).await()).containsExactly(1, 2);
      assertThat(runner.all(() -> 1, () -> 2, () -> 3, OPTIONS).await()).containsExactly(1, 2, 3);
      assertThat(runner.allSettled(() -> 1, () -> 2, OPTIONS).await())
          .containsExactly(Outcome.success(1), Outcome.success(2));
      assertThat(runner.any(() -> 1, () -> 2, () -> 3).await()).isIn(1, 2, 3);
      assertThat(runner.race(() -> 1, () -> 2, () -> 3, OPTIONS).await()).isIn(1, 2, 3);
      // values of different types: T is their common supertype
      List<?> mixed = runner.all(() -> "one", () -> 2).await();
      assertThat(List.copyOf(mixed)).isEqualTo(List.of("one", 2));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aLambdaThatOnlyThrowsNeedsNoTypeWitness(String backend) throws Exception {
    // any(down, up) may succeed before down fails: down is then a late failure, which goes to the
    // failure handler (R11) and is kept here rather than logged.
    List<FailureEvent> late = new CopyOnWriteArrayList<>();
    IOException down = new IOException("down");
    try (ConcurrentRunner runner =
        ConcurrentRunner.builder().backend(backend).failureHandler(late::add).build()) {
      // T comes from the other argument (shortcut), from the list (List.of), or from the target
      List<Outcome<String>> shortcut = runner.allSettled(() -> "up", () -> { throw down; }).await();
      List<Outcome<String>> listed =
          runner.allSettled(List.of(Task.of(() -> "up"), Task.of(() -> { throw down; }))).await();
      Task<String> alone = Task.of(() -> { throw down; });
      String winner = runner.any(() -> { throw down; }, () -> "up").await();

      assertThat(shortcut).containsExactly(Outcome.success("up"), Outcome.failure(down));
      assertThat(listed).isEqualTo(shortcut);
      assertThat(runner.allSettled(alone, alone).await().get(0).exception()).isSameAs(down);
      assertThat(winner).isEqualTo("up");
      assertThatThrownBy(() -> runner.all(() -> "up", () -> { throw down; }).await())
          .isInstanceOf(TaskFailedException.class)
          .hasCause(down);
      assertThatThrownBy(() -> runner.any(() -> { throw down; }, () -> { throw down; }).await())
          .isInstanceOf(AllFailedException.class);
    }
    // Only that one can be late: every other failure here reached its caller.
    assertThat(late).allSatisfy(event -> {
      assertThat(event.kind()).isEqualTo(FailureEvent.Kind.LATE_FAILURE);
      assertThat(event.failure()).isSameAs(down);
    }).hasSizeLessThanOrEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void bothTakesCallablesAndNullResults(String backend) throws Exception {
    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      // A null result needs no type arguments when the handle has a target type; chained straight
      // into await() (no target), A would be Object: write runner.<String, Integer>both(...) then.
      GatherHandle<Pair<String, Integer>> handle = runner.both(() -> null, () -> 1);
      Pair<String, Integer> pair = handle.await();
      Callable<String> nothing = () -> null;
      Pair<String, Integer> typed = runner.both(nothing, () -> 1, OPTIONS).await();
      String combined = runner.both(() -> "a", () -> 1, (x, y) -> x + y).await();
      String combinedWithOptions =
          runner.both(() -> "a", () -> 1, (x, y) -> x + y, OPTIONS).await();
      GatherHandle<Pair<Outcome<String>, Outcome<Integer>>> settling =
          runner.bothSettled(() -> "a", () -> { throw new IOException("b"); });
      Pair<Outcome<String>, Outcome<Integer>> settled = settling.await();

      assertThat(pair).isEqualTo(Pair.of(null, 1));
      assertThat(typed).isEqualTo(pair);
      assertThat(combined).isEqualTo("a1");
      assertThat(combinedWithOptions).isEqualTo("a1");
      assertThat(settled.first().isSuccess()).isTrue();
      assertThat(settled.second().isFailure()).isTrue();
      assertThat(runner.bothSettled(nothing, nothing, OPTIONS).await())
          .isEqualTo(Pair.of(Outcome.success(null), Outcome.success(null)));
    }
  }

  /** {@link Outcome}'s factories and accessors, and its class comment's second example. */
  @ParameterizedTest
  @MethodSource("backends")
  void outcomeAccessorsKeepJdk17CodeShort(String backend) throws Exception {
    IOException down = new IOException("down");
    assertThat(Outcome.success("a")).isEqualTo(new Outcome.Success<>("a"));
    assertThat(Outcome.<String>failure(down)).isEqualTo(new Outcome.Failure<String>(down));
    assertThat(Outcome.timedOut()).isEqualTo(new Outcome.TimedOut<>());
    assertThatThrownBy(() -> Outcome.failure(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("exception");

    Outcome<String> ok = Outcome.success(null);
    Outcome<String> broken = Outcome.failure(down);
    Outcome<String> late = Outcome.timedOut();
    assertThat(List.of(ok.isSuccess(), ok.isFailure(), ok.isTimedOut()))
        .containsExactly(true, false, false);
    assertThat(List.of(broken.isSuccess(), broken.isFailure(), broken.isTimedOut()))
        .containsExactly(false, true, false);
    assertThat(List.of(late.isSuccess(), late.isFailure(), late.isTimedOut()))
        .containsExactly(false, false, true);
    assertThat(ok.orElse("other")).as("null is a value").isNull();
    assertThat(broken.orElse("other")).isEqualTo("other");
    assertThat(late.orElse("other")).isEqualTo("other");
    assertThat(broken.exception()).isSameAs(down);
    assertThat(ok.exception()).isNull();
    assertThat(late.exception()).isNull();

    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      GatherOptions options = GatherOptions.builder().taskTimeout(Duration.ofMillis(200)).build();
      List<Outcome<String>> outcomes =
          runner
              .allSettled(
                  () -> "a",
                  () -> { throw down; },
                  () -> {
                    Thread.sleep(10_000); // interrupted at its task timeout
                    return "late";
                  },
                  options)
              .await();
      List<String> values = new ArrayList<>();
      for (Outcome<String> outcome : outcomes) {
        values.add(outcome.orElse("n/a"));     // the value, or n/a for a failure or a timeout
      }
      long failed = outcomes.stream().filter(Outcome::isFailure).count();
      assertThat(values).containsExactly("a", "n/a", "n/a");
      assertThat(failed).isEqualTo(1);
      assertThat(outcomes.get(2).isTimedOut()).isTrue();
    }
  }
}
