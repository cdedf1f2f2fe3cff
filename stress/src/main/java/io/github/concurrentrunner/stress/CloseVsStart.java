package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.time.Duration;
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
 * {@code close()} races the start of a gather with a timeout (rule R24): the call either throws
 * {@code IllegalStateException} or returns a handle that {@code close()} cancelled; it never fails
 * with an exception of the backend's shut-down timer, and no gather escapes {@code close()}.
 */
@JCStressTest
@Description("close() vs the start of a gather with a timeout")
@Outcome(id = ".*, IllegalStateException", expect = ACCEPTABLE, desc = "closed first")
@Outcome(
    id = ".*, started, CancellationException",
    expect = ACCEPTABLE,
    desc = "started first, then cancelled by close()")
@Outcome(expect = FORBIDDEN, desc = "any other exception, or a gather that close() missed")
@State
public class CloseVsStart {
  private final ConcurrentRunner runner = StressRunners.fresh(new CapturingExecutor());
  private final CompletableFuture<String> never = new CompletableFuture<>();
  private final StartedGather gather = new StartedGather();

  /** Creates the state with a runner of its own. */
  public CloseVsStart() {}

  /** Starts a gather with a timeout. */
  @Actor
  public void start() {
    gather.start(
        () ->
            runner.all(
                List.of(Task.async(() -> never)),
                GatherOptions.builder().timeout(Duration.ofHours(1)).build()));
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
    r.r2 = gather.describe();
  }
}
