package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * A cancelled gather always terminates (rules R10, R17): the actor waits in {@code await()} on a
 * gather whose blocking task waits forever (until interrupted) on the runner's own executor and
 * whose async task's future never completes; the signal cancels the gather at any moment,
 * including before the tasks started.
 */
@JCStressTest(Mode.Termination)
@Description("a cancelled gather always terminates")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "await() returned after cancel()")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "await() hangs after cancel()")
@State
public class CancelledGatherTerminates {
  private final GatherHandle<List<Object>> handle =
      StressRunners.next()
          .all(
              List.of(
                  Task.of(
                      () -> {
                        new CountDownLatch(1).await();
                        return "never";
                      }),
                  Task.async(CompletableFuture::new)));

  /** Creates the state. */
  public CancelledGatherTerminates() {}

  /**
   * Waits for the gather.
   *
   * @throws InterruptedException never expected: the harness interrupts only a stale actor
   */
  @Actor
  public void actor() throws InterruptedException {
    try {
      handle.await();
    } catch (CancellationException expected) {
      // the only way out
    }
  }

  /** Cancels the gather. */
  @Signal
  public void signal() {
    handle.cancel();
  }
}
