package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
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
 * The last exit of a gather races {@code runner.close()} (rules R10, R17, R24): the exit that
 * completes the gather and unregisters it from the runner meets the close that cancels every
 * registered gather. Either the gather completed with every value, or close() cancelled it; it is
 * never left running, never missing a value, and never fails otherwise. And once both are done,
 * the runner has shut its driver down exactly once: the gather's removal from the runner's table
 * of running gathers (one volatile write, issue #12) and close() each write (the slot, the closed
 * flag) and then read what the other wrote, and whichever reads second shuts the driver down.
 *
 * <p>Each state has a runner of its own (its executor a {@link CapturingExecutor}, its driver a
 * {@link ShutdownCountingDriver} around the backend's) and starts
 * {@code all} or {@code allSettled} (drawn at random) over a completed task and a last task that
 * is async or blocking (drawn at random); actor 1 ends the last task, actor 2 closes the runner.
 */
@JCStressTest
@Description("close() vs the last exit of a gather (all / allSettled)")
@Outcome(
    id = ".*, all, " + ActorTask.ACCEPTED + ", \\[1, 2\\]" + LastExitVsClose.SHUT_ONCE,
    expect = ACCEPTABLE,
    desc = "the last exit completed the gather before close()")
@Outcome(
    id =
        ".*, allSettled, "
            + ActorTask.ACCEPTED
            + ", "
            + GatherKind.SETTLED_1_2
            + LastExitVsClose.SHUT_ONCE,
    expect = ACCEPTABLE,
    desc = "the last exit completed the gather before close()")
@Outcome(
    id =
        ".*, (all|allSettled), "
            + ActorTask.ANY
            + ", CancellationException"
            + LastExitVsClose.SHUT_ONCE,
    expect = ACCEPTABLE,
    desc = "close() cancelled the gather before, during or after the last exit (whose value is"
        + " dropped)")
@Outcome(
    id = ".*, driver shut down 0x",
    expect = FORBIDDEN,
    desc =
        "nobody shut the driver down: the gather's removal from the runner's table of running"
            + " gathers and close() each missed the other's write (its timer thread outlives the"
            + " runner)")
@Outcome(
    id = ".*, driver shut down [2-9]x",
    expect = FORBIDDEN,
    desc = "the driver was shut down more than once")
@Outcome(
    id = ".*, HUNG.*",
    expect = FORBIDDEN,
    desc = "the gather never completed: close() and the last exit each left it to the other")
@Outcome(
    id = ".*, INTERRUPT LEAKED, .*",
    expect = FORBIDDEN,
    desc = "close()'s interrupt leaked into the thread that ran the last body")
@Outcome(
    id = ".*null.*",
    expect = FORBIDDEN,
    desc = "a slot was never written: the gather completed without the last value")
@Outcome(
    id = ".*, (async refused|blocking never ran), clean, \\[.*",
    expect = FORBIDDEN,
    desc = "a result though close() had cancelled the last task before it exited")
@Outcome(
    expect = FORBIDDEN,
    desc = "anything else: an exception other than CancellationException (e.g."
        + " IllegalStateException of the closed runner), a value in the wrong slot")
@State
public class LastExitVsClose {
  /** The end of every acceptable outcome: the closed runner shut its driver down once. */
  static final String SHUT_ONCE = ", driver shut down 1x";

  private final CapturingExecutor executor = new CapturingExecutor();
  private final ShutdownCountingDriver[] driver = new ShutdownCountingDriver[1];
  private final ConcurrentRunner runner =
      StressRunners.fresh(executor, own -> driver[0] = new ShutdownCountingDriver(own));
  private final GatherKind kind = GatherKind.random();
  private final ActorTask last = ActorTask.random(executor, () -> 2);
  private final GatherHandle<? extends List<?>> handle =
      kind.start(
          runner,
          List.of(Task.async(() -> CompletableFuture.completedFuture(1)), last.task()),
          GatherOptions.defaults());

  /** Creates the state, its runner and its gather. */
  public LastExitVsClose() {}

  /** Ends the last task. */
  @Actor
  public void exit() {
    last.exit();
  }

  /** Closes the runner. */
  @Actor
  public void close() {
    runner.close();
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.backend();
    // The gather leaves the runner's table before its handle completes: once await() returned,
    // whichever of it and close() came second has shut the driver down.
    r.r2 =
        kind
            + ", "
            + last.describe()
            + ", "
            + Outcomes.ofAwait(handle, Outcomes.PATIENCE)
            + ", driver shut down "
            + driver[0].shutdowns()
            + "x";
  }
}
