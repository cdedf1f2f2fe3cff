package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The {@code maxConcurrency} bound (rule R2): an {@code all} over 6 tasks with {@code
 * maxConcurrency(2)}; two actors run whatever bodies the gather hands over, so tasks finish and
 * new ones start concurrently on both threads. At every hand-over, the bodies handed over minus
 * the tasks finished must not exceed 2 (task i+k never starts before an earlier one finished), and
 * never more than 2 tasks run at once.
 */
@JCStressTest
@Description("maxConcurrency(2): the in-flight count never exceeds 2")
@Outcome(
    id = ".*, inflight<=2, running<=2, \\[0, 1, 2, 3, 4, 5\\]",
    expect = ACCEPTABLE,
    desc = "the bound held and every result is in its slot")
@Outcome(expect = FORBIDDEN, desc = "the bound was exceeded, a result was lost, or a hang")
@State
public class MaxConcurrencyBound {
  private static final int TASKS = 6;
  private static final int LIMIT = 2;
  private static final int SPINS = 50_000_000;

  private final ConcurrentRunner runner = StressRunners.next();
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final AtomicInteger maxInflight = new AtomicInteger();
  private final CapturingExecutor executor = new CapturingExecutor();
  private final GatherHandle<List<Integer>> handle;

  /** Starts the gather; the first two bodies wait in the executor. */
  public MaxConcurrencyBound() {
    Bounded bounded = new Bounded();
    List<Task<Integer>> tasks = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      int value = i;
      tasks.add(
          Task.of(
              () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                running.decrementAndGet();
                finished.incrementAndGet();
                return value;
              }));
    }
    handle =
        runner.all(tasks, GatherOptions.builder().executor(bounded).maxConcurrency(LIMIT).build());
  }

  /** Counts, at each hand-over, the tasks started but not finished. */
  private final class Bounded implements java.util.concurrent.Executor {
    @Override
    public void execute(Runnable body) {
      executor.execute(body);
      maxInflight.accumulateAndGet(executor.handedOver() - finished.get(), Math::max);
    }
  }

  /** Runs bodies until the gather is done. */
  @Actor
  public void worker1() {
    work();
  }

  /** Runs bodies until the gather is done. */
  @Actor
  public void worker2() {
    work();
  }

  private void work() {
    for (int spins = 0; spins < SPINS && !handle.isDone(); spins++) {
      if (!executor.runNext()) {
        Thread.onSpinWait();
      }
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
    r.r2 =
        (maxInflight.get() <= LIMIT ? "inflight<=2" : "INFLIGHT=" + maxInflight.get())
            + ", "
            + (maxRunning.get() <= LIMIT ? "running<=2" : "RUNNING=" + maxRunning.get())
            + ", "
            + Outcomes.ofDone(handle);
  }
}
