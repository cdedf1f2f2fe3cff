package io.github.concurrentrunner.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every example on every backend that discovery finds, through {@code
 * -Dconcurrentrunner.backend} as a user would, and checks that each produces the same, expected
 * results. The examples' own delays (1 s, 2 s) are their workload, not test coordination.
 */
class ExamplesTest {

  static List<String> backends() {
    return ConcurrentRunner.backends();
  }

  @Test
  void atLeastTheReferenceBackendIsAvailable() {
    assertThat(backends()).contains("completablefuture");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void twoTasksRunConcurrently(String backend) throws Exception {
    OnBackend.Run<TwoTasks.Result> run = OnBackend.run(backend, TwoTasks::run);
    TwoTasks.Result result = run.result();

    assertThat(result.backend()).isEqualTo(backend);
    assertThat(result.results()).containsExactly("A slept 2 s", "B slept 1 s");
    // At least the longer task's 2 s; well under the 3 s that one after the other would take.
    assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(2_000));
    assertThat(result.elapsed()).isLessThan(Duration.ofMillis(2_800));
    assertThat(run.output())
        .contains("TwoTasks on backend " + backend)
        .contains("results: [A slept 2 s, B slept 1 s]")
        .contains("wall time: ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void oneFailsSettlesOrFailsFastWithTheOriginalException(String backend) throws Exception {
    OnBackend.Run<OneFails.Result> run = OnBackend.run(backend, OneFails::run);
    OneFails.Result result = run.result();

    assertThat(result.backend()).isEqualTo(backend);
    assertThat(result.settled()).hasSize(2);
    assertThat(result.settled().get(0)).isEqualTo(Outcome.success("A slept 2 s"));
    assertThat(result.settled().get(1))
        .isInstanceOfSatisfying(
            Outcome.Failure.class,
            failure ->
                assertThat(failure.exception())
                    .isInstanceOf(IOException.class)
                    .hasMessage("B: payment service unavailable"));

    assertThat(result.allFailure().getCause()).isSameAs(result.thrownByB());
    assertThat(result.allFailure().taskIndex()).isEqualTo(1);
    assertThat(result.allFailure().taskName()).isEqualTo("B");
    assertThat(result.allFailure().backend()).isEqualTo(backend);
    assertThat(result.allFailure().getSuppressed()).isEmpty(); // A's interruption is not a failure
    // Fail-fast: after B's 1 s, not A's 2 s; A was interrupted and had stopped.
    assertThat(result.allElapsed()).isLessThan(Duration.ofMillis(1_900));
    assertThat(result.aInterrupted()).isTrue();
    assertThat(run.output())
        .contains("OneFails on backend " + backend)
        .contains("the very instance B threw: true")
        .contains("A was interrupted: true");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void anyReturnsTheFirstSuccessAndRaceTheFirstSettled(String backend) throws Exception {
    OnBackend.Run<AnyAndRace.Result> run = OnBackend.run(backend, AnyAndRace::run);
    AnyAndRace.Result result = run.result();

    assertThat(result.backend()).isEqualTo(backend);
    assertThat(result.anyValue()).isEqualTo("file from mirror-us");
    assertThat(result.anyElapsed()).isLessThan(Duration.ofMillis(3_000)); // mirror-asia: 5 s
    assertThat(result.raceFailure().taskIndex()).isZero();
    assertThat(result.raceFailure().taskName()).isEqualTo("mirror-eu");
    assertThat(result.raceFailure().getCause())
        .isInstanceOf(IOException.class)
        .hasMessage("mirror-eu is down");
    assertThat(result.allFailed().failures())
        .extracting(Throwable::getMessage)
        .containsExactly("mirror-eu is down", "mirror-ap is down");
    assertThat(result.allFailed().getSuppressed())
        .containsExactlyElementsOf(result.allFailed().failures());
    assertThat(run.output()).contains("AnyAndRace on backend " + backend);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void thousandTasksStayWithinMaxConcurrency(String backend) throws Exception {
    OnBackend.Run<ThousandTasks.Result> run = OnBackend.run(backend, ThousandTasks::run);
    ThousandTasks.Result result = run.result();

    assertThat(result.backend()).isEqualTo(backend);
    assertThat(result.results())
        .containsExactlyElementsOf(
            LongStream.range(0, ThousandTasks.TASKS).map(i -> i * i).boxed().toList());
    // Never more than the bound; more than one at a time. (That the bound is actually reached is
    // rule R2, which the TCK checks with latches rather than with sleeping tasks.)
    assertThat(result.peakInFlight()).isBetween(2, ThousandTasks.MAX_CONCURRENCY);
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(10));
    assertThat(run.output())
        .contains("ThousandTasks on backend " + backend)
        .contains("1000 results in input order, sum 332833500");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void httpCallsAreGatheredRacedAndCancelled(String backend) throws Exception {
    OnBackend.Run<HttpAsync.Result> run = OnBackend.run(backend, HttpAsync::run);
    HttpAsync.Result result = run.result();

    assertThat(result.backend()).isEqualTo(backend);
    assertThat(result.bodies())
        .containsExactly("{\"user\":\"ada\"}", "{\"orders\":[1001,1002]}", "{\"prices\":\"EUR\"}");
    assertThat(result.raceBody()).isEqualTo("{\"user\":\"ada\"}");
    assertThat(result.raceCancelledSlowCall()).isTrue();
    assertThat(result.timeout().timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(result.timeout().backend()).isEqualTo(backend);
    assertThat(result.timeoutCancelledSlowCall()).isTrue();
    assertThat(run.output()).contains("HttpAsync on backend " + backend);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void quickStartSnippetsProduceWhatTheReadmeSays(String backend) throws Exception {
    OnBackend.Run<QuickStart.Result> run = OnBackend.run(backend, QuickStart::run);

    assertThat(run.result().backend()).isEqualTo(backend);
    assertThat(run.result().lines())
        .containsExactly(
            "all: [page a, page b]",
            "both: Pair[first=Ada, second=3]",
            "async: 1.08 EUR",
            "options: 100 pages, last page p99",
            "allSettled: [ok page d, failed e is down]",
            "errors: profile (task 1) threw java.io.IOException: profile service down",
            "backends: " + backends() + "; create() chose " + backend
                + ", create(name) completablefuture, builder completablefuture");
  }

  @Test
  void allExamplesRunsEveryExample() throws Exception {
    String chosen = backends().get(0);
    OnBackend.Run<Void> run =
        OnBackend.run(
            chosen,
            out -> {
              AllExamples.run(out);
              return null;
            });

    assertThat(run.output())
        .contains("available backends: " + backends())
        .contains("TwoTasks on backend " + chosen)
        .contains("OneFails on backend " + chosen)
        .contains("AnyAndRace on backend " + chosen)
        .contains("ThousandTasks on backend " + chosen)
        .contains("HttpAsync on backend " + chosen)
        .contains("QuickStart on backend " + chosen)
        .contains("all examples ran in ");
  }
}
