package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * In {@code any}, task A succeeds while task B fails (rule R13): the value is always A's. B's
 * failure, when it happened after the success decided, is a late failure that must reach the
 * failure handler (R11); before the decision it is one of the failures {@code any} tolerates.
 */
@JCStressTest
@Description("first success vs failure in any()")
@Outcome(
    id = ".*, a, failedB=true, reported=true",
    expect = ACCEPTABLE,
    desc = "B failed after A won: its failure went to the failure handler")
@Outcome(
    id = ".*, a, failedB=true, reported=false",
    expect = ACCEPTABLE_INTERESTING,
    desc = "B failed before A won: any() tolerates it, nothing to report")
@Outcome(
    id = ".*, a, failedB=false, reported=false",
    expect = ACCEPTABLE,
    desc = "A won and B's future was cancelled before it failed")
@Outcome(expect = FORBIDDEN, desc = "anything else: a lost success, AllFailedException, a hang")
@State
public class AnySuccessVsFailure {
  private final SuccessVsFailureGather gather = SuccessVsFailureGather.any();

  /** Starts {@code any(a, b)}. */
  public AnySuccessVsFailure() {}

  /** A succeeds. */
  @Actor
  public void succeed() {
    gather.succeed();
  }

  /** B fails. */
  @Actor
  public void fail() {
    gather.fail();
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = gather.backend();
    r.r2 = gather.describe();
  }
}
