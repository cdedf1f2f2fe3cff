package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * One thread appends a task to a {@code CopyOnWriteArrayList} while another starts {@code all}
 * over that list (rule R29): the gather runs the tasks of one state of the list, before or after
 * the append, never a mix, and never fails with a {@code ConcurrentModificationException} (which a
 * copy that reads {@code size()} and then iterates produces when the append falls in between).
 */
@JCStressTest
@Description("all() over a CopyOnWriteArrayList while another thread appends to it")
@Outcome(id = ".*, \\[a\\]", expect = ACCEPTABLE, desc = "the snapshot before the append")
@Outcome(
    id = ".*, \\[a, b\\]",
    expect = ACCEPTABLE_INTERESTING,
    desc = "the snapshot after the append")
@Outcome(
    expect = FORBIDDEN,
    desc = "ConcurrentModificationException or any other failure: the list was not read as one"
        + " snapshot")
@State
public class SnapshotVsAppend {
  private static final Executor INLINE = Runnable::run;
  private static final GatherOptions OPTIONS = GatherOptions.builder().executor(INLINE).build();

  private final ConcurrentRunner runner = StressRunners.next();
  private final List<Task<String>> tasks = new CopyOnWriteArrayList<>(List.of(Task.of(() -> "a")));
  private String result;

  /** Appends task b. */
  @Actor
  public void append() {
    tasks.add(Task.of(() -> "b"));
  }

  /** Runs {@code all} over the list; the inline executor completes it within the call. */
  @Actor
  public void gather() {
    try {
      result = String.valueOf(runner.all(tasks, OPTIONS).await(Outcomes.PATIENCE));
    } catch (Exception e) {
      result = e.getClass().getSimpleName();
    }
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then the gather's result or the simple name of its exception
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.backend();
    r.r2 = result;
  }
}
