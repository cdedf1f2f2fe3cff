package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The gather's {@code timeout} fires on the backend's timer thread while an actor completes the
 * only task (rule R15). Actor 1 starts the gather with a timeout drawn from 1 ns to 100 us, so
 * that the timer lands before, during and after the completion; actor 2 completes the task.
 */
@JCStressTest
@Description("timeout vs success of all()")
@Outcome(
    id = ".*, completed=true, \\[v\\]",
    expect = ACCEPTABLE,
    desc = "the task won; the timer found the gather decided")
@Outcome(
    id = ".*, completed=(true|false), GatherTimeoutException",
    expect = ACCEPTABLE,
    desc = "the timeout won; the task's future was cancelled, or completed too late")
@Outcome(expect = FORBIDDEN, desc = "anything else: a lost value, a hang, the wrong exception")
@State
public class TimeoutVsSuccess {
  private final ConcurrentRunner runner = StressRunners.next();
  private final CompletableFuture<String> task = new CompletableFuture<>();
  private final Duration timeout = Duration.ofNanos(1 + ThreadLocalRandom.current().nextInt(100_000));
  private GatherHandle<List<String>> handle;
  private boolean completed;

  /** Creates the state. */
  public TimeoutVsSuccess() {}

  /** Starts the gather. */
  @Actor
  public void start() {
    handle = runner.all(List.of(Task.async(() -> task)), GatherOptions.builder().timeout(timeout).build());
  }

  /** Completes the task. */
  @Actor
  public void complete() {
    completed = task.complete("v");
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.backend();
    r.r2 = "completed=" + completed + ", " + Outcomes.ofAwait(handle, Outcomes.PATIENCE);
  }
}
