package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * In {@code race}, task A succeeds while task B fails (rule R14): whichever settles first decides,
 * the other's future is cancelled or its late outcome dropped (a late failure goes to the failure
 * handler); the gather never reports both, nor neither.
 */
@JCStressTest
@Description("first success vs failure in race()")
@Outcome(
    id = ".*, a, completedA=true, failedB=true, reported=true",
    expect = ACCEPTABLE,
    desc = "A settled first; B failed too late and its failure went to the failure handler")
@Outcome(
    id = ".*, a, completedA=true, failedB=false, reported=false",
    expect = ACCEPTABLE,
    desc = "A settled first; B's future was cancelled before it failed")
@Outcome(
    id = ".*, TaskFailedException\\(B\\), completedA=(true|false), failedB=true, reported=false",
    expect = ACCEPTABLE,
    desc = "B settled first: await() throws B's failure")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class RaceSuccessVsFailure {
  private final SuccessVsFailureGather gather = SuccessVsFailureGather.race();

  /** Starts {@code race(a, b)}. */
  public RaceSuccessVsFailure() {}

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
