package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * Two blocking tasks of an {@code all} fail at once, each body on its own actor thread (rules R7,
 * R9, R19): exactly one failure is the primary, the other (if its body ran) is suppressed exactly
 * once, and neither is lost. The loser is being interrupted by the winner's decision while it
 * throws: its own exception is not the gather's interruption and must be kept.
 */
@JCStressTest
@Description("two tasks of all() fail at once: one primary, the other suppressed, none lost")
@Outcome(
    id = ".*, primary=A, suppressed=\\[B\\], clean, clean",
    expect = ACCEPTABLE,
    desc = "A decided; B's failure is suppressed")
@Outcome(
    id = ".*, primary=B, suppressed=\\[A\\], clean, clean",
    expect = ACCEPTABLE,
    desc = "B decided; A's failure is suppressed")
@Outcome(
    id = ".*, primary=A, suppressed=\\[\\], B never ran, clean, clean",
    expect = ACCEPTABLE_INTERESTING,
    desc = "A decided before B's body started: B never runs")
@Outcome(
    id = ".*, primary=B, suppressed=\\[\\], A never ran, clean, clean",
    expect = ACCEPTABLE_INTERESTING,
    desc = "B decided before A's body started: A never runs")
@Outcome(
    expect = FORBIDDEN,
    desc = "a failure lost or duplicated, the primary suppressed in itself, a gather not done, or"
        + " a leaked interrupt")
@State
public class TwoFailuresInAll {
  private final ConcurrentRunner runner = StressRunners.next();
  private final CapturingExecutor executor = new CapturingExecutor();
  private final IllegalStateException a = new IllegalStateException("A");
  private final IllegalStateException b = new IllegalStateException("B");
  private volatile boolean ranA;
  private volatile boolean ranB;
  private final GatherHandle<List<Object>> handle;
  private String interruptA;
  private String interruptB;

  /** Starts {@code all(failA, failB)}; both bodies wait in the executor. */
  public TwoFailuresInAll() {
    handle =
        runner.all(
            List.of(
                Task.of(
                    "a",
                    () -> {
                      ranA = true;
                      throw a;
                    }),
                Task.of(
                    "b",
                    () -> {
                      ranB = true;
                      throw b;
                    })),
            GatherOptions.builder().executor(executor).build());
  }

  /** Runs the first body handed over (task A). */
  @Actor
  public void first() {
    executor.runNext();
    interruptA = Outcomes.interruptStatus();
  }

  /** Runs the second body handed over (task B). */
  @Actor
  public void second() {
    executor.runNext();
    interruptB = Outcomes.interruptStatus();
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.backend();
    r.r2 = describe() + ", " + interruptA + ", " + interruptB;
  }

  private String describe() {
    if (!handle.isDone()) {
      return "NOT DONE";
    }
    try {
      return "SUCCEEDED " + handle.await();
    } catch (TaskFailedException e) {
      Throwable primary = e.getCause();
      List<String> suppressed = new ArrayList<>();
      for (Throwable s : e.getSuppressed()) {
        suppressed.add(s == a ? "A" : s == b ? "B" : s.toString());
      }
      String name = primary == a ? "A" : primary == b ? "B" : String.valueOf(primary);
      String notRun = !ranA ? ", A never ran" : !ranB ? ", B never ran" : "";
      return "primary=" + name + ", suppressed=" + suppressed + notRun;
    } catch (Exception e) {
      return e.toString();
    }
  }
}
