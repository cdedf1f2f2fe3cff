package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@code handle.cancel()} races the start of a blocking body that runs until it is interrupted
 * (rules R10, R17): the body claims its run and then records its thread, and a cancellation that
 * finds the run claimed must interrupt that thread, even when it comes between the claim and the
 * recording (it then waits for the thread). A lost interrupt shows as a body that slept through
 * its whole patience.
 */
@JCStressTest
@Description("cancel() vs the start of a blocking body that waits for its interrupt")
@Outcome(
    id = ".*, cancel=true, never ran, clean, CancellationException",
    expect = ACCEPTABLE_INTERESTING,
    desc = "cancel() won before the body claimed its run: the body never runs")
@Outcome(
    id = ".*, cancel=true, interrupted, clean, CancellationException",
    expect = ACCEPTABLE,
    desc = "the body started first: the cancellation interrupted its thread, and the interrupt"
        + " did not outlive the body")
@Outcome(
    id = ".*, SLEPT THROUGH, .*",
    expect = FORBIDDEN,
    desc = "the body ran and was never interrupted: the cancellation lost its interrupt")
@Outcome(
    expect = FORBIDDEN,
    desc = "anything else: a cancel() that lied, an interrupt leaked into the executor's thread,"
        + " a gather that never completed")
@State
public class CancelInterruptsStartingBody {
  /** How long the body waits for its interrupt: far beyond any scheduling delay. */
  private static final long PATIENCE_MILLIS = 5_000;

  private final ConcurrentRunner runner = StressRunners.next();
  private final CapturingExecutor executor = new CapturingExecutor();
  /** Never counted down: the body waits on it for its interrupt, and nothing else. */
  private final CountDownLatch never = new CountDownLatch(1);
  private volatile String body = "never ran";
  private final GatherHandle<List<String>> handle;
  private boolean cancelled;
  private String interrupt;

  /** Starts {@code all} over one blocking task; its body waits in the executor. */
  public CancelInterruptsStartingBody() {
    handle =
        runner.all(
            List.of(
                Task.of(
                    () -> {
                      body = "ran";
                      try {
                        if (!never.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS)) {
                          body = "SLEPT THROUGH";
                        }
                      } catch (InterruptedException expected) {
                        body = "interrupted";
                      }
                      return body;
                    })),
            GatherOptions.builder().executor(executor).build());
  }

  /** Runs the body, then reads and clears this thread's interrupt status. */
  @Actor
  public void start() {
    executor.runNext();
    interrupt = Outcomes.interruptStatus();
  }

  /** Cancels the gather. */
  @Actor
  public void cancel() {
    cancelled = handle.cancel();
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
        "cancel=" + cancelled + ", " + body + ", " + interrupt + ", "
            + Outcomes.ofAwait(handle, Outcomes.PATIENCE);
  }
}
