package io.github.concurrentrunner;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The failures a {@link GatherRun} sees (R9, R10): the one its verdict names, the failures of an
 * {@code any} or an {@code allSettled} before its verdict, those observed after the verdict (in
 * the order seen and each once), and the leaked tasks. Besides the verdict's own they become suppressed exceptions of what
 * {@code await()} throws, or, when the gather succeeded, events for the failure handler (R11). A
 * gather makes its instance at its first failure, timeout or leak, so that one where nothing
 * fails pays for none of these fields (issue #12: the fixed cost per call). Also the rules that
 * classify a task's exception. Not thread-safe: the instance is guarded by its gather's lock, and
 * read without it only after the gather completed.
 */
final class GatherFailures {
  /** The index of the task whose failure decided TASK_FAILED, or -1. */
  int failedIndex = -1;

  /** The failure that decided TASK_FAILED, or null. */
  Throwable primary;

  /** How many tasks had not settled when TIMED_OUT was decided. */
  int unfinishedAtTimeout;

  // Created at the first failure of each kind.
  private List<Throwable> beforeVerdict;
  private List<Late> extra;
  private List<LeakedTaskException> leaks;

  /** The failure that decides TASK_FAILED (R7, R14). */
  void taskFailed(int index, Throwable failure) {
    failedIndex = index;
    primary = failure;
  }

  /** The verdict TIMED_OUT, with how many tasks had not settled then (R15). */
  void timedOut(int unfinished) {
    unfinishedAtTimeout = unfinished;
  }

  /**
   * Records a failure of an {@code any} or an {@code allSettled} before its verdict, in the order
   * seen (R9).
   */
  void addBeforeVerdict(Throwable failure) {
    if (beforeVerdict == null) {
      beforeVerdict = new ArrayList<>();
    }
    beforeVerdict.add(failure);
  }

  /**
   * Attaches the failures of an {@code any} or an {@code allSettled} before its verdict to what
   * {@code await()} throws for a timeout or a cancellation (R9).
   */
  void attachBeforeVerdict(Throwable thrown) {
    if (beforeVerdict != null) {
      beforeVerdict.forEach(thrown::addSuppressed);
    }
  }

  /** A failure seen after the verdict, and the index of the task that threw it. */
  record Late(int index, Throwable failure) {}

  /**
   * Records a failure of task {@code index} seen after the verdict, unless it is the primary or
   * already recorded.
   */
  void addExtra(int index, Throwable failure) {
    if (failure == primary) {
      return;
    }
    if (extra == null) {
      extra = new ArrayList<>(1);
    }
    for (Late seen : extra) {
      if (seen.failure() == failure) {
        return;
      }
    }
    extra.add(new Late(index, failure));
  }

  void addLeak(LeakedTaskException leaked) {
    if (leaks == null) {
      leaks = new ArrayList<>(1);
    }
    leaks.add(leaked);
  }

  /** The failures seen after the verdict, for the failure handler of a successful gather. */
  List<Late> extra() {
    return extra == null ? List.of() : List.copyOf(extra);
  }

  /** Attaches every recorded failure, then every leak, to what {@code await()} throws. */
  void attachTo(Throwable thrown) {
    if (extra != null) {
      for (Late late : extra) {
        thrown.addSuppressed(late.failure());
      }
    }
    if (leaks != null) {
      leaks.forEach(thrown::addSuppressed);
    }
  }

  /**
   * Whether a run's failure may be the interruption or cancellation that the gather caused (R9,
   * see {@link #causedByGather}): the gather cancelled the run, and the failure is an interruption
   * or cancellation, or was caused by one. Only then is the cause chain walked: it calls the
   * failure's own {@code getCause()}, which may block or loop, so never with the gather's lock
   * held, and never for the failure of a task the gather did not cancel (R27). The walk is bounded
   * and cycle-safe, and a {@code getCause()} that throws ends it. The flag is written before the
   * cancellation is made, so a failure that the cancellation caused finds it set.
   */
  static boolean isInterruption(TaskRun run, @Nullable Throwable failure) {
    return failure != null
        && run.cancelledByGather
        && Foreign.causeChainContains(failure, GatherFailures::isInterruptionType);
  }

  /**
   * Whether a failure is the interruption or cancellation that the gather itself caused (R9): the
   * gather cancelled the task, and the failure is an interruption ({@link #isInterruption},
   * decided before the lock is taken). Reads no foreign code.
   */
  static boolean causedByGather(TaskRun run, boolean interruption) {
    return interruption && run.cancelledByGather;
  }

  private static boolean isInterruptionType(Throwable t) {
    return t instanceof InterruptedException
        || t instanceof CancellationException
        || t instanceof InterruptedIOException
        || t instanceof ClosedByInterruptException;
  }

  /**
   * A stage's failure as the task threw it: without the wrapper {@code CompletableFuture} adds,
   * which is exactly the JDK's {@code CompletionException}. A subclass is the task's own
   * exception (R8) and stays as it is; so does a wrapper whose {@code getCause()} throws or is
   * null.
   */
  static Throwable unwrap(Throwable failure) {
    if (failure != null && failure.getClass() == CompletionException.class) {
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
