package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * In {@code all}, the last success races the failure of the other pending task (rules R7, R14),
 * on the lean path (issue #12): the success's lock-free exit counts its task as settled, the
 * failure's locked exit fixes the verdict. Task 0's stage had succeeded already (the starting loop
 * harvests it); actor 1 completes task 1, actor 2 fails task 2. The gather must fail with task 2's
 * failure, whoever comes first: a failed task must never help the count of settled tasks reach
 * every task, which would let the success claim SUCCESS with a {@code null} slot (found by the
 * soak test in a first version of the lean path).
 */
@JCStressTest
@Description("all(): the last success vs the failure of the other pending task")
@Outcome(
    id = ".*, TaskFailedException\\(boom\\)",
    expect = ACCEPTABLE,
    desc = "the failure fixed the verdict, before or after the success's exit")
@Outcome(
    id = ".*, \\[.*",
    expect = FORBIDDEN,
    desc = "values though task 2 failed: the failure was counted as settled before its verdict")
@Outcome(id = ".*, HUNG", expect = FORBIDDEN, desc = "the gather never completed")
@Outcome(expect = FORBIDDEN, desc = "anything else: another exception, the wrong failure")
@State
public class SuccessVsFailureInAll {
  private final ConcurrentRunner runner = StressRunners.next();
  private final CompletableFuture<Integer> succeeding = new CompletableFuture<>();
  private final CompletableFuture<Integer> failing = new CompletableFuture<>();
  private final GatherHandle<List<Integer>> handle =
      runner.all(
          List.of(
              Task.async(() -> CompletableFuture.completedFuture(0)),
              Task.async(() -> succeeding),
              Task.async(() -> failing)));

  /** Creates the state and starts its gather. */
  public SuccessVsFailureInAll() {}

  /** Completes task 1. */
  @Actor
  public void succeed() {
    succeeding.complete(1);
  }

  /** Fails task 2. */
  @Actor
  public void fail() {
    failing.completeExceptionally(new IllegalStateException("boom"));
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then what the gather gave
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.backend();
    r.r2 = Outcomes.ofAwait(handle, Outcomes.PATIENCE);
  }
}
