package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * Two tasks exit at once on two actors, and one of the actors then waits in {@code await()}
 * (rules R5, R10, R22): every slot written by an exit is visible to the thread that {@code
 * await()} returns to, whichever exit was the last. When the awaiting actor's exit was the last,
 * it completed the gather itself and must see the other actor's slot; otherwise its {@code
 * await()} races the other actor's last exit and must be woken with both slots written. Each
 * exiting thread creates its value and writes its field plainly ({@link Box}), so a result
 * published without a happens-before edge from both exits shows as a {@code 0} or a {@code null}.
 *
 * <p>Each state starts {@code all} or {@code allSettled} (drawn at random) over two tasks, each
 * async or blocking (drawn at random), and draws which actor awaits. (Two actors, not three: the
 * build machine has two CPUs, and jcstress does not run a test with more actors than CPUs.)
 */
@JCStressTest
@Description("two concurrent exits (slot writes) vs await() after one of them (all / allSettled)")
@Outcome(
    id = ".*, all, " + ActorTask.ACCEPTED + ", " + ActorTask.ACCEPTED
        + ", awaited by [12] \\[1, 2\\], done",
    expect = ACCEPTABLE,
    desc = "await() saw both slots")
@Outcome(
    id =
        ".*, allSettled, " + ActorTask.ACCEPTED + ", " + ActorTask.ACCEPTED
            + ", awaited by [12] " + GatherKind.SETTLED_1_2 + ", done",
    expect = ACCEPTABLE,
    desc = "await() saw both slots")
@Outcome(
    id = ".*[\\[ =](null|0)[,\\]].*",
    expect = FORBIDDEN,
    desc = "await() returned a slot not (fully) written: a null slot, or a value whose field the"
        + " exiting thread wrote before the exit still reads 0")
@Outcome(id = ".* HUNG, .*", expect = FORBIDDEN, desc = "await() never returned: a lost wake-up")
@Outcome(
    id = ".*, NOT DONE",
    expect = FORBIDDEN,
    desc = "await() returned, yet the handle says it is not done")
@Outcome(
    id = ".*INTERRUPT LEAKED.*",
    expect = FORBIDDEN,
    desc = "an interrupt, with nothing to cancel, reached a thread that ran a body")
@Outcome(expect = FORBIDDEN, desc = "anything else: slots swapped, an exception")
@State
public class SlotWriteVsAwait {
  private final ConcurrentRunner runner = StressRunners.next();
  private final GatherKind kind = GatherKind.random();
  private final CapturingExecutor executor = new CapturingExecutor();
  private final ActorTask first = ActorTask.random(executor, () -> new Box(1));
  private final ActorTask second = ActorTask.random(executor, () -> new Box(2));
  private final GatherHandle<? extends List<?>> handle =
      kind.start(
          runner,
          List.of(first.task(), second.task()),
          GatherOptions.builder().executor(executor).build());
  private final boolean firstAwaits = ThreadLocalRandom.current().nextBoolean();
  private String awaited;

  /** Creates the state and starts its gather. */
  public SlotWriteVsAwait() {}

  /** Ends task 1, then awaits the gather if this state's draw says so. */
  @Actor
  public void exitFirst() {
    first.exit();
    if (firstAwaits) {
      await();
    }
  }

  /** Ends task 2, then awaits the gather if this state's draw says so. */
  @Actor
  public void exitSecond() {
    second.exit();
    if (!firstAwaits) {
      await();
    }
  }

  /** Waits for the gather and describes its result at once, on this thread. */
  private void await() {
    awaited = Outcomes.ofAwait(handle, Outcomes.PATIENCE);
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.backend();
    r.r2 =
        kind + ", " + first.describe() + ", " + second.describe() + ", awaited by "
            + (firstAwaits ? "1" : "2") + " " + awaited + ", "
            + (handle.isDone() ? "done" : "NOT DONE");
  }

  /**
   * A value whose field is not final: its write is plain, so only a happens-before edge from the
   * exiting thread to the awaiting thread makes it visible.
   */
  static final class Box {
    private int value;

    Box(int value) {
      this.value = value;
    }

    @Override
    public String toString() {
      return String.valueOf(value);
    }
  }
}
