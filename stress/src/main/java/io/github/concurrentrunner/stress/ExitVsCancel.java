package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The exit of a task that is <em>not</em> the last races {@code handle.cancel()} (rule R17), on
 * the lean common path (no listener, no timeout, no task timeout): the exit's slot write and
 * pending-count update meet the cancellation's decision.
 *
 * <p>Each state starts {@code all} or {@code allSettled} (drawn at random) over three tasks:
 * task 1 is async or blocking (drawn at random) and actor 1 ends it; tasks 2 and 3 are async and
 * only the arbiter completes them, after both actors. So the gather cannot be decided before
 * {@code cancel()} runs: {@code cancel()} must return true and the gather must end with {@code
 * CancellationException}, whoever wins the race on task 1, on every backend.
 */
@JCStressTest
@Description("cancel() vs the exit of a task that is not the last (all / allSettled)")
@Outcome(
    id = ".*, cancel=true, " + ActorTask.ANY + ", CancellationException",
    expect = ACCEPTABLE,
    desc = "cancel() decided the gather; task 1 exited before or after it (its future refused,"
        + " its body never started), and its value is dropped")
@Outcome(
    id = ".*, cancel=false, .*",
    expect = FORBIDDEN,
    desc = "cancel() returned false though tasks 2 and 3 were still pending: the exit of a"
        + " non-last task decided the gather")
@Outcome(
    id = ".*, INTERRUPT LEAKED, .*",
    expect = FORBIDDEN,
    desc = "the cancellation's interrupt leaked into the thread that ran task 1's body")
@Outcome(
    id = ".*, HUNG",
    expect = FORBIDDEN,
    desc = "the cancelled gather never completed: the exit and the cancellation lost its wake-up")
@Outcome(
    id = ".*, cancel=true, .*, \\[.*",
    expect = FORBIDDEN,
    desc = "cancel() returned true, yet the gather returned values")
@Outcome(expect = FORBIDDEN, desc = "anything else: another exception, a lost outcome")
@State
public class ExitVsCancel {
  private final ConcurrentRunner runner = StressRunners.next();
  private final GatherKind kind = GatherKind.random();
  private final CapturingExecutor executor = new CapturingExecutor();
  private final ActorTask first = ActorTask.random(executor, () -> 1);
  private final ActorTask second = ActorTask.async(() -> 2);
  private final ActorTask third = ActorTask.async(() -> 3);
  private final GatherHandle<? extends List<?>> handle =
      kind.start(
          runner,
          List.of(first.task(), second.task(), third.task()),
          GatherOptions.builder().executor(executor).build());
  private boolean cancelled;

  /** Creates the state and starts its gather. */
  public ExitVsCancel() {}

  /** Ends task 1. */
  @Actor
  public void exit() {
    first.exit();
  }

  /** Cancels the gather. */
  @Actor
  public void cancel() {
    cancelled = handle.cancel();
  }

  /**
   * Ends tasks 2 and 3 (their futures are normally cancelled already), then records the outcome.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    second.exit();
    third.exit();
    r.r1 = runner.backend();
    r.r2 =
        kind + ", cancel=" + cancelled + ", " + first.describe() + ", "
            + Outcomes.ofAwait(handle, Outcomes.PATIENCE);
  }
}
