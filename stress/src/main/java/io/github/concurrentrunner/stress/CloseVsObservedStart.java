package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherListener;
import io.github.concurrentrunner.Task;
import java.util.ArrayList;
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
 * {@code close()} races the start of a gather on a runner with a listener (rules R24, R31): the
 * call either throws {@code IllegalStateException} and the listener sees nothing, or returns a
 * handle that {@code close()} cancelled, and the listener sees the gather's start, then its end,
 * even when {@code close()} came while the start event was being sent and completed the gather
 * before the listener had returned its observer (the completion then waits for that observer).
 */
@JCStressTest
@Description("close() vs the start of a gather whose runner has a listener")
@Outcome(
    id = ".*, IllegalStateException, no events",
    expect = ACCEPTABLE,
    desc = "closed first: no gather, no events")
@Outcome(
    id = ".*, started, CancellationException, start then end",
    expect = ACCEPTABLE,
    desc = "started first, then cancelled by close(): its start, then its end")
@Outcome(
    expect = FORBIDDEN,
    desc = "a start without an end (an end sent to nobody), an end before its start, or a gather"
        + " close() missed")
@State
public class CloseVsObservedStart {
  private final EventLog events = new EventLog();
  private final ConcurrentRunner runner = StressRunners.observed(new CapturingExecutor(), events);
  private final CompletableFuture<String> never = new CompletableFuture<>();
  private final StartedGather gather = new StartedGather();

  /** Creates the state with a runner of its own. */
  public CloseVsObservedStart() {}

  /** A listener that records the gather's start and end events, in order. */
  private static final class EventLog implements GatherListener {
    private final List<String> seen = new ArrayList<>(2);

    @Override
    public Observer gatherStarted(GatherStarted started) {
      record("start");
      return new Observer() {
        @Override
        public void gatherEnded(GatherEnded ended) {
          record("end");
        }
      };
    }

    private synchronized void record(String event) {
      seen.add(event);
    }

    synchronized String describe() {
      return seen.isEmpty() ? "no events" : String.join(" then ", seen);
    }
  }

  /** Starts a gather over a task that never completes unless cancelled. */
  @Actor
  public void start() {
    gather.start(() -> runner.all(List.of(Task.async(() -> never))));
  }

  /** Closes the runner. */
  @Actor
  public void close() {
    runner.close();
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then what happened and what the listener saw once the gather completed
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.backend();
    r.r2 = gather.describe() + ", " + events.describe();
  }
}
