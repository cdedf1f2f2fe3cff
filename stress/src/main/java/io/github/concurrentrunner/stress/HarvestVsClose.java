package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
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
 * {@code close()} races the lean starting loop (issue #12) while it harvests stages that have
 * succeeded already, with one place reserved and no run published (rules R7, R17, R24). Each state
 * draws {@code all} or {@code allSettled}, and whether the third task's stage is already complete
 * too (the loop then settles every task and gives its place back, or finds STOP between two
 * tasks) or still pending (the third task keeps the place: its run is published, and either the
 * verdict's scan sees it or the loop sees STOP and cancels its stage itself).
 */
@JCStressTest
@Description("close() vs the lean starting loop harvesting completed stages")
@Outcome(id = ".*, IllegalStateException", expect = ACCEPTABLE, desc = "closed before the call")
@Outcome(
    id = ".*, (done|pending), started, CancellationException",
    expect = ACCEPTABLE,
    desc = "started, then close() fixed the verdict: mid-harvest, or after it")
@Outcome(
    id = ".*, all, done, started, \\[1, 2, 3\\]",
    expect = ACCEPTABLE,
    desc = "every stage was complete: the loop settled them all before close() came")
@Outcome(
    id = ".*, allSettled, done, started, \\[Success\\[value=1\\], Success\\[value=2\\], Success\\[value=3\\]\\]",
    expect = ACCEPTABLE,
    desc = "the same for allSettled")
@Outcome(
    id = ".*, pending, started, \\[.*",
    expect = FORBIDDEN,
    desc = "values though the third stage never completes: a harvest settled a task it had not")
@Outcome(
    id = ".*, HUNG",
    expect = FORBIDDEN,
    desc = "the gather never completed: the loop's place, or the published run, was lost")
@Outcome(expect = FORBIDDEN, desc = "anything else: another exception, a lost or partial value")
@State
public class HarvestVsClose {
  private final ConcurrentRunner runner = StressRunners.fresh(new CapturingExecutor());
  private final GatherKind kind = GatherKind.random();
  private final boolean thirdDone = ThreadLocalRandom.current().nextBoolean();
  private final List<Task<Integer>> tasks =
      List.of(
          Task.async(() -> CompletableFuture.completedFuture(1)),
          Task.async(() -> CompletableFuture.completedFuture(2)),
          Task.async(
              () -> thirdDone ? CompletableFuture.completedFuture(3) : new CompletableFuture<>()));
  private final StartedGather gather = new StartedGather();

  /** Creates the state with a runner of its own. */
  public HarvestVsClose() {}

  /** Starts the gather: the starting loop runs on this thread. */
  @Actor
  public void start() {
    gather.start(() -> kind.start(runner, tasks, GatherOptions.defaults()));
  }

  /** Closes the runner, which cancels its running gathers. */
  @Actor
  public void close() {
    runner.close();
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then the kind, whether the third stage was complete, and what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.backend();
    String drawn = kind + ", " + (thirdDone ? "done" : "pending") + ", ";
    r.r2 = drawn + gather.describe();
  }
}
