package io.github.concurrentrunner;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * The failures a {@link GatherRun} sees besides the one its verdict names (R9, R10): those
 * observed after the verdict, in the order seen and each once, and the leaked tasks. They become
 * suppressed exceptions of what {@code await()} throws, or, when the gather succeeded, events for
 * the failure handler (R11). Also the rules that classify a task's exception. Not thread-safe: the
 * instance is guarded by its gather's lock.
 */
final class GatherFailures {
  // Created at the first failure (issue #12: a gather where nothing fails allocates no list).
  private List<Throwable> extra;
  private List<LeakedTaskException> leaks;

  /** Records a failure seen after the verdict, unless it is the primary or already recorded. */
  void addExtra(Throwable failure, Throwable primary) {
    if (failure == primary) {
      return;
    }
    if (extra == null) {
      extra = new ArrayList<>(1);
    }
    for (Throwable seen : extra) {
      if (seen == failure) {
        return;
      }
    }
    extra.add(failure);
  }

  void addLeak(LeakedTaskException leaked) {
    if (leaks == null) {
      leaks = new ArrayList<>(1);
    }
    leaks.add(leaked);
  }

  /** The failures seen after the verdict, for the failure handler of a successful gather. */
  List<Throwable> extra() {
    return extra == null ? List.of() : List.copyOf(extra);
  }

  /** Attaches every recorded failure, then every leak, to what {@code await()} throws. */
  void attachTo(Throwable thrown) {
    if (extra != null) {
      extra.forEach(thrown::addSuppressed);
    }
    if (leaks != null) {
      leaks.forEach(thrown::addSuppressed);
    }
  }

  /**
   * Whether a failure is the interruption or cancellation that the gather itself caused (R9).
   * Called with the gather's lock held: the walk over the cause chain is bounded and cycle-safe,
   * and a {@code getCause()} that throws ends it (R27).
   */
  static boolean causedByGather(TaskRun run, Throwable failure) {
    return run.cancelledByGather
        && Foreign.causeChainContains(failure, GatherFailures::isInterruption);
  }

  private static boolean isInterruption(Throwable t) {
    return t instanceof InterruptedException
        || t instanceof CancellationException
        || t instanceof InterruptedIOException
        || t instanceof ClosedByInterruptException;
  }

  /**
   * A stage's failure as the task threw it: without the {@code CompletionException} wrapper. A
   * subclass whose {@code getCause()} throws stays as it is (R27).
   */
  static Throwable unwrap(Throwable failure) {
    if (failure instanceof CompletionException) {
      Throwable cause;
      try {
        cause = failure.getCause();
      } catch (Throwable broken) {
        cause = null;
      }
      return cause != null ? cause : failure;
    }
    return failure;
  }

  /** Throws any throwable unchanged, checked or not: {@code await()} throws the very instance. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
