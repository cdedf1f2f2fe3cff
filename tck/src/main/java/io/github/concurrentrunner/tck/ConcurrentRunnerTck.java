package io.github.concurrentrunner.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The technology compatibility kit of concurrent-runner: one test (at least) per rule R1-R31 of
 * the contract, named after it ({@code rule07_allCancelsRunningSiblingsOnFailure}), grouped by rule
 * in {@link Nested} classes. Each test's Javadoc says what to check when it fails.
 *
 * <p>Rule R26 ("every backend behaves identically") is this class itself: a backend proves it by
 * running the kit <em>unchanged</em>, with a subclass of about ten lines:
 *
 * <pre>{@code
 * class CompletableFutureTckTest extends ConcurrentRunnerTck {
 *   @Override
 *   protected ConcurrentRunnerProvider provider() {
 *     return new CompletableFutureRunnerProvider();
 *   }
 * }
 * }</pre>
 *
 * <p>How the kit works:
 *
 * <ul>
 *   <li>Each scenario that can runs in every {@link TaskMode}: blocking tasks and async tasks
 *       (whose future another thread completes, and which interrupt that thread when the future is
 *       cancelled, as a well-behaved async API does), with and without {@code maxConcurrency}.
 *   <li>Tests coordinate with latches and barriers, never with sleeps. The only delays are the
 *       timeouts under test and upper bounds on waits, all scaled by the system property {@code
 *       concurrentrunner.test.delayFactor}.
 *   <li>After every test the kit checks that the runner is closed, that no task body of the test
 *       is still running (counted, since virtual threads are invisible to thread enumeration),
 *       that no platform thread started during the test is still alive a few seconds after close
 *       (except the backend's {@linkplain #isLibraryThread(Thread) library threads}), that the
 *       test thread's interrupt status is clear, and that the runner's failure handler received
 *       nothing the test did not expect.
 * </ul>
 *
 * <p>How the source reads: the harness that every rule shares (the runner factory, the probes, the
 * checks after each test) is one class, and each group of related rules is one file, an abstract
 * class whose {@code @Nested} classes are the rules' groups (R1 in {@code OrderingRules}, R7 in
 * {@code FailureRules}, and so on). The groups extend one another in a chain that starts at the
 * harness and that this class closes: a {@code @Nested} class must be an inner class of the test
 * instance, and JUnit discovers the {@code @Nested} classes that a test class inherits, so each
 * rule runs exactly once per backend, under its own display name ({@code "R7: ..."}).
 */
public abstract class ConcurrentRunnerTck extends DeepNestingRules {

  /** Creates the kit; subclasses have a no-argument constructor. */
  protected ConcurrentRunnerTck() {}

  /** The rules again through the fixed-arity and {@code Callable} shortcuts of the runner. */
  @Nested
  @DisplayName("Shortcuts: the same rules through the fixed-arity and Callable forms")
  class Shortcuts extends ConvenienceOverloadRules {
    /** The shortcuts take plain lambdas, which the REMOTE profile rejects as not serializable. */
    @BeforeEach
    void localProfileOnly() {
      assumeTrue(
          profile() == TckProfile.LOCAL,
          "the shortcuts' lambdas are not serializable: the REMOTE profile rejects them at the call");
    }

    @Override
    protected ConcurrentRunner runner() {
      return runner;
    }

    @Override
    protected List<FailureEvent> takeFailureEvents() {
      return failures.take();
    }
  }
}
