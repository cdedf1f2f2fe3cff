package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import java.time.Duration;
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
 * The gather's {@code timeout} fires on the backend's timer thread while an actor ends both tasks
 * of the gather, a non-last exit and then the last exit (rules R12, R15). {@link TimeoutVsSuccess}
 * covers a single task of {@code all}; this test puts a non-last exit in the window too, and
 * covers {@code allSettled}, whose timeout records {@code TimedOut} in the unfinished slots
 * instead of throwing.
 *
 * <p>Actor 1 starts {@code all} or {@code allSettled} (drawn per state) over two async tasks with
 * a timeout drawn from 1 ns to 100 us; actor 2 completes task 1, then task 2. {@code completed=}
 * records whether each completion was accepted ({@code false}: the timeout had cancelled the
 * future first, so that task's value cannot be in the result).
 */
@JCStressTest
@Description("timeout vs a non-last and the last exit (all / allSettled)")
@Outcome(
    id = ".*, all, completed=true/true, \\[1, 2\\]",
    expect = ACCEPTABLE,
    desc = "both exits came first; the timer found the gather decided")
@Outcome(
    id = ".*, all, completed=(true|false)/(true|false), GatherTimeoutException",
    expect = ACCEPTABLE,
    desc = "the timeout won; a future still pending was cancelled")
@Outcome(
    id = ".*, allSettled, completed=true/true, " + GatherKind.SETTLED_1_2,
    expect = ACCEPTABLE,
    desc = "both exits came first")
@Outcome(
    id = ".*, allSettled, completed=true/(true|false), \\[Success\\[value=1\\], TimedOut\\[\\]\\]",
    expect = ACCEPTABLE,
    desc = "the timeout fell between the exits: slot 2 timed out")
@Outcome(
    id = ".*, allSettled, completed=(true|false)/true, \\[TimedOut\\[\\], Success\\[value=2\\]\\]",
    expect = ACCEPTABLE,
    desc = "task 2's exit was recorded first (e.g. found complete at start), then the timeout")
@Outcome(
    id =
        ".*, allSettled, completed=(true|false)/(true|false),"
            + " \\[TimedOut\\[\\], TimedOut\\[\\]\\]",
    expect = ACCEPTABLE,
    desc = "the timeout came before both exits were recorded")
@Outcome(id = ".*, HUNG", expect = FORBIDDEN, desc = "the gather never completed")
@Outcome(
    id = ".*, allSettled, .*, GatherTimeoutException",
    expect = FORBIDDEN,
    desc = "allSettled threw on its timeout instead of recording TimedOut slots (R15)")
@Outcome(
    id = ".*null.*",
    expect = FORBIDDEN,
    desc = "a slot was never written: the timeout's snapshot raced the exit's slot write")
@Outcome(
    id =
        ".*, (all, completed=(false/.*|.*/false), \\[.*"
            + "|allSettled, completed=false/.*, \\[Success.*"
            + "|allSettled, completed=.*/false, .*Success\\[value=2\\]\\])",
    expect = FORBIDDEN,
    desc = "a value of a task whose future the timeout had cancelled")
@Outcome(expect = FORBIDDEN, desc = "anything else: a value in the wrong slot, another exception")
@State
public class ExitVsTimeout {
  private final ConcurrentRunner runner = StressRunners.next();
  private final GatherKind kind = GatherKind.random();
  private final ActorTask first = ActorTask.async(() -> 1);
  private final ActorTask second = ActorTask.async(() -> 2);
  private final GatherOptions options =
      GatherOptions.builder()
          .timeout(Duration.ofNanos(1 + ThreadLocalRandom.current().nextInt(100_000)))
          .build();
  private GatherHandle<? extends List<?>> handle;

  /** Creates the state. */
  public ExitVsTimeout() {}

  /** Starts the gather. */
  @Actor
  public void start() {
    handle = kind.start(runner, List.of(first.task(), second.task()), options);
  }

  /** Ends task 1, then task 2. */
  @Actor
  public void exit() {
    first.exit();
    second.exit();
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
        kind + ", completed=" + first.accepted() + "/" + second.accepted() + ", "
            + Outcomes.ofAwait(handle, Outcomes.PATIENCE);
  }
}
