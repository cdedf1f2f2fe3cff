package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
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
 * The thread blocked in {@code await()} is interrupted while the gather completes (rule R18).
 * Actor 1 awaits; actor 2 completes the only task and interrupts actor 1, in an order drawn per
 * state. If {@code await()} returns the value, the interrupt status survives; if it throws
 * {@code InterruptedException}, the status is clear and the gather was cancelled (or had already
 * completed: cancel() then changes nothing). The interrupt is sent only while actor 1 is inside
 * {@code await()}, never into the harness.
 */
@JCStressTest
@Description("await() interrupted vs completion")
@Outcome(
    id = ".*, value, sent, status=set, gather=\\[v\\]",
    expect = ACCEPTABLE,
    desc = "await() returned the value; the interrupt stays pending on the thread")
@Outcome(
    id = ".*, value, not sent, status=clear, gather=\\[v\\]",
    expect = ACCEPTABLE,
    desc = "await() returned before the interrupt could be sent")
@Outcome(
    id = ".*, InterruptedException, sent, status=clear, gather=CancellationException",
    expect = ACCEPTABLE,
    desc = "the interrupt won: the gather was cancelled")
@Outcome(
    id = ".*, InterruptedException, sent, status=clear, gather=\\[v\\]",
    expect = ACCEPTABLE_INTERESTING,
    desc = "the interrupt woke await() just as the gather completed; cancel() changed nothing")
@Outcome(expect = FORBIDDEN, desc = "a lost interrupt, a status not cleared, a gather not done")
@State
public class AwaitInterruptVsCompletion {
  private final ConcurrentRunner runner = StressRunners.next();
  private final CompletableFuture<String> task = new CompletableFuture<>();
  private final GatherHandle<List<String>> handle;
  private final boolean interruptFirst = ThreadLocalRandom.current().nextBoolean();
  private final Object lock = new Object();
  private volatile boolean registered;
  private Thread waiter; // guarded by lock
  private boolean sent; // guarded by lock
  private String awaited;
  private String status;

  /** Starts {@code all(pending)}. */
  public AwaitInterruptVsCompletion() {
    handle = runner.all(List.of(Task.async(() -> task)));
  }

  /** Awaits the gather. */
  @Actor
  public void await() {
    synchronized (lock) {
      waiter = Thread.currentThread();
    }
    registered = true;
    try {
      handle.await();
      awaited = "value";
    } catch (InterruptedException e) {
      awaited = "InterruptedException";
    } catch (RuntimeException e) {
      awaited = e.getClass().getSimpleName();
    }
    synchronized (lock) {
      waiter = null;
    }
    status = Thread.interrupted() ? "set" : "clear";
  }

  /** Completes the task and interrupts the waiter, in the state's order. */
  @Actor
  public void completeAndInterrupt() {
    if (!interruptFirst) {
      task.complete("v");
    }
    while (!registered) {
      Thread.onSpinWait();
    }
    synchronized (lock) {
      if (waiter != null) {
        waiter.interrupt();
        sent = true;
      }
    }
    if (interruptFirst) {
      task.complete("v");
    }
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.backend();
    boolean wasSent;
    synchronized (lock) {
      wasSent = sent;
    }
    r.r2 =
        awaited
            + ", "
            + (wasSent ? "sent" : "not sent")
            + ", status="
            + status
            + ", gather="
            + Outcomes.ofAwait(handle, Outcomes.PATIENCE);
  }
}
