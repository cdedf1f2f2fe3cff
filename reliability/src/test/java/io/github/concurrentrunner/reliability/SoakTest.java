package io.github.concurrentrunner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.TaskTimeoutException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The soak: randomized gathers on every backend at once, from several threads, each checked
 * against a model of its expected outcome. Sizes 0..10,000; tasks blocking or async, succeeding,
 * failing, returning null, slow, overrunning a task or gather timeout; gathers cancelled at random
 * moments; all operations; {@code maxConcurrency} on and off.
 *
 * <p>{@code -Dsoak.duration=PT30M} runs longer (the build's default is a CI-sized run); {@code
 * -Dsoak.seed=N} replays the printed seed (the same gathers in the same order per worker thread;
 * the interleavings differ, the model does not depend on them).
 */
class SoakTest {
  private static final int WORKERS = 4;
  private static final long HEAP_MARGIN = 32L << 20;
  private static final Duration TIMEOUT = Duration.ofMillis(250);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private enum Op {
    ALL,
    SETTLED,
    ANY,
    RACE,
    BOTH,
    BOTH_SETTLED
  }

  private enum Kind {
    SUCCESS,
    NULL,
    FAILURE,
    SLOW,
    OVERRUN;

    boolean succeeds() {
      return this == SUCCESS || this == NULL || this == SLOW;
    }
  }

  private final AtomicLong gathers = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong duplicated = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final List<String> mismatches = new CopyOnWriteArrayList<>();
  private final Probe probe = new Probe();
  private ScheduledExecutorService timer;

  @Test
  void randomizedGathersOnEveryBackendAtOnceLoseNothing() throws Exception {
    Duration duration = Duration.parse(System.getProperty("soak.duration", "PT45S"));
    String given = System.getProperty("soak.seed", "");
    long seed = given.isBlank() ? System.nanoTime() : Long.parseLong(given.trim());
    List<String> backends = Backends.names().toList();
    System.out.printf(
        "SOAK start: seed=%d duration=%s backends=%s workers=%d (replay: -Dsoak.seed=%d)%n",
        seed, duration, backends, WORKERS, seed);

    long heapBefore = usedHeapAfterGc();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "soak-timer");
              thread.setDaemon(true);
              return thread;
            });
    List<Backends.Recorded> runners = new ArrayList<>();
    for (String backend : backends) {
      runners.add(Backends.create(backend));
    }
    long deadline = System.nanoTime() + duration.toNanos();
    List<Thread> workers = new ArrayList<>();
    List<Throwable> crashed = new CopyOnWriteArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      Random random = new Random(seed + w);
      Thread worker =
          new Thread(
              () -> {
                try {
                  while (System.nanoTime() < deadline) {
                    long gatherSeed = random.nextLong();
                    Backends.Recorded recorded = runners.get(random.nextInt(runners.size()));
                    gather(recorded.runner(), gatherSeed);
                  }
                } catch (Throwable t) {
                  crashed.add(t);
                }
              },
              "soak-worker-" + w);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    for (Backends.Recorded recorded : runners) {
      recorded.close();
    }
    timer.shutdownNow();
    int leaked = probe.awaitQuiescence(Duration.ofSeconds(10));
    long heapAfter = usedHeapAfterGc();
    long events = runners.stream().mapToLong(r -> r.events().size()).sum();

    System.out.printf(
        "SOAK summary: seed=%d duration=%s backends=%s gathers=%d tasks=%d cancelled=%d"
            + " lost=%d duplicated=%d mismatches=%d leakedThreads=%d failureEvents=%d"
            + " heapBeforeMiB=%d heapAfterMiB=%d%n",
        seed, duration, backends, gathers.get(), tasks.get(), cancelled.get(), lost.get(),
        duplicated.get(), mismatches.size(), leaked, events, heapBefore >> 20, heapAfter >> 20);

    assertThat(crashed).as("seed %d", seed).isEmpty();
    assertThat(mismatches).as("seed %d", seed).isEmpty();
    assertThat(lost.get()).as("lost results, seed %d", seed).isZero();
    assertThat(duplicated.get()).as("duplicated executions, seed %d", seed).isZero();
    assertThat(leaked).as("%s, seed %d", probe.leftovers(), seed).isZero();
    assertThat(gathers.get()).isPositive();
    assertThat(heapAfter).as("heap after a full GC, seed %d", seed).isLessThan(heapBefore + HEAP_MARGIN);
  }

  // ---------------------------------------------------------------- one gather

  private void gather(ConcurrentRunner runner, long gatherSeed) throws Exception {
    Random random = new Random(gatherSeed);
    Op op = Op.values()[random.nextInt(Op.values().length)];
    int n = size(op, random);
    boolean overruns = n > 0 && n <= 500 && random.nextInt(10) == 0;
    boolean gatherTimeout = overruns && random.nextBoolean();
    Kind[] kinds = new Kind[n];
    boolean[] async = new boolean[n];
    RuntimeException[] failures = new RuntimeException[n];
    for (int i = 0; i < n; i++) {
      kinds[i] = kind(random, n > 500);
      async[i] = random.nextInt(n > 500 ? 10 : 3) < (n > 500 ? 7 : 1);
      failures[i] = new IllegalStateException("injected failure of task " + i + ", gather " + gatherSeed);
    }
    if (overruns) {
      kinds[random.nextInt(n)] = Kind.OVERRUN;
    }
    AtomicIntegerArray executions = new AtomicIntegerArray(n);
    List<Task<Integer>> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(task(i, kinds[i], async[i], failures[i], executions));
    }
    GatherOptions.Builder options = GatherOptions.builder();
    if (random.nextBoolean()) {
      options.maxConcurrency(1 + random.nextInt(64));
    }
    if (overruns) {
      if (gatherTimeout) {
        options.timeout(TIMEOUT);
      } else {
        options.taskTimeout(TIMEOUT);
      }
    }
    boolean cancel = random.nextInt(10) == 0;
    long cancelAfterNanos = random.nextInt(2_000_000);
    gathers.incrementAndGet();
    tasks.addAndGet(n);

    GatherHandle<?> handle =
        switch (op) {
          case ALL -> runner.all(list, options.build());
          case SETTLED -> runner.allSettled(list, options.build());
          case ANY -> runner.any(list, options.build());
          case RACE -> runner.race(list, options.build());
          case BOTH -> runner.both(list.get(0), list.get(1), options.build());
          case BOTH_SETTLED -> runner.bothSettled(list.get(0), list.get(1), options.build());
        };
    boolean cancelWon = false;
    if (cancel) {
      TimeUnit.NANOSECONDS.sleep(cancelAfterNanos); // the workload: a cancel at a random moment
      cancelWon = handle.cancel();
    }
    Object result;
    Throwable failure = null;
    try {
      result = handle.await(PATIENCE);
    } catch (TimeoutException hung) {
      mismatch(gatherSeed, op, n, "HUNG: " + handle);
      handle.cancel();
      return;
    } catch (RuntimeException e) {
      result = null;
      failure = e;
    }
    String where = "gather " + gatherSeed + " " + op + " n=" + n;
    if (cancelWon) {
      cancelled.incrementAndGet();
      if (!(failure instanceof CancellationException)) {
        mismatch(gatherSeed, op, n, "cancel() returned true but await() gave " + describe(result, failure));
      }
      checkExecutions(where, executions, false);
      return;
    }
    Model model = new Model(where, kinds, failures, gatherTimeout, overruns && !gatherTimeout);
    switch (op) {
      case SETTLED, BOTH_SETTLED -> {
        List<?> outcomes =
            op == Op.SETTLED ? (List<?>) result : pairToList(result);
        model.settled(outcomes, failure);
        checkExecutions(where, executions, !gatherTimeout);
      }
      case ALL, BOTH -> {
        List<?> values = failure == null ? (op == Op.ALL ? (List<?>) result : pairToList(result)) : null;
        boolean allSucceeded = model.all(values, failure);
        checkExecutions(where, executions, allSucceeded);
      }
      case ANY -> {
        model.any(result, failure);
        checkExecutions(where, executions, false);
      }
      case RACE -> {
        model.race(result, failure);
        checkExecutions(where, executions, false);
      }
    }
  }

  private static List<?> pairToList(Object result) {
    if (result == null) {
      return null;
    }
    Pair<?, ?> pair = (Pair<?, ?>) result;
    return java.util.Arrays.asList(pair.first(), pair.second());
  }

  private static int size(Op op, Random random) {
    if (op == Op.BOTH || op == Op.BOTH_SETTLED) {
      return 2;
    }
    int r = random.nextInt(100);
    int n;
    if (r < 5) {
      n = 0;
    } else if (r < 75) {
      n = 1 + random.nextInt(20);
    } else if (r < 97) {
      n = 21 + random.nextInt(480);
    } else {
      n = 501 + random.nextInt(9_500);
    }
    return op == Op.RACE ? Math.max(1, n) : n;
  }

  private static Kind kind(Random random, boolean large) {
    int r = random.nextInt(100);
    if (r < 55) {
      return Kind.SUCCESS;
    } else if (r < 65) {
      return Kind.NULL;
    } else if (r < 80) {
      return Kind.FAILURE;
    }
    return large ? Kind.SUCCESS : Kind.SLOW;
  }

  private Task<Integer> task(
      int i, Kind kind, boolean async, RuntimeException failure, AtomicIntegerArray executions) {
    if (async) {
      return Task.async(
          () -> {
            executions.incrementAndGet(i);
            return switch (kind) {
              case SUCCESS -> CompletableFuture.completedFuture(i);
              case NULL -> CompletableFuture.completedFuture(null);
              case FAILURE -> CompletableFuture.failedFuture(failure);
              case SLOW -> {
                CompletableFuture<Integer> later = new CompletableFuture<>();
                timer.schedule(() -> later.complete(i), 1 + i % 2, TimeUnit.MILLISECONDS);
                yield later;
              }
              case OVERRUN -> new CompletableFuture<>(); // until cancelled
            };
          });
    }
    return Task.of(
        probe.wrap(
            () -> {
              executions.incrementAndGet(i);
              return switch (kind) {
                case SUCCESS -> i;
                case NULL -> null;
                case FAILURE -> throw failure;
                case SLOW -> {
                  Thread.sleep(1 + i % 2); // the workload: a task that takes time
                  yield i;
                }
                case OVERRUN -> {
                  Thread.sleep(60_000); // until interrupted by a timeout
                  yield i;
                }
              };
            }));
  }

  private void checkExecutions(String where, AtomicIntegerArray executions, boolean everyOnce) {
    for (int i = 0; i < executions.length(); i++) {
      int count = executions.get(i);
      if (count > 1) {
        duplicated.incrementAndGet();
        mismatches.add(where + ": task " + i + " ran " + count + " times");
      } else if (everyOnce && count == 0) {
        lost.incrementAndGet();
        mismatches.add(where + ": task " + i + " never ran");
      }
    }
  }

  private void mismatch(long gatherSeed, Op op, int n, String what) {
    lost.incrementAndGet();
    if (mismatches.size() < 50) {
      mismatches.add("gather " + gatherSeed + " " + op + " n=" + n + ": " + what);
    }
  }

  private static String describe(Object result, Throwable failure) {
    return failure != null ? failure.toString() : String.valueOf(result);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // ---------------------------------------------------------------- the model

  /** The expected outcome of one gather, from its tasks' kinds. */
  private final class Model {
    private final String where;
    private final Kind[] kinds;
    private final RuntimeException[] failures;
    private final boolean gatherTimeout;
    private final boolean taskTimeout;
    private final Set<Throwable> ownFailures = Collections.newSetFromMap(new IdentityHashMap<>());

    Model(
        String where,
        Kind[] kinds,
        RuntimeException[] failures,
        boolean gatherTimeout,
        boolean taskTimeout) {
      this.where = where;
      this.kinds = kinds;
      this.failures = failures;
      this.gatherTimeout = gatherTimeout;
      this.taskTimeout = taskTimeout;
      for (int i = 0; i < kinds.length; i++) {
        if (kinds[i] == Kind.FAILURE) {
          ownFailures.add(failures[i]);
        }
      }
    }

    private void wrong(String what) {
      lost.incrementAndGet();
      if (mismatches.size() < 50) {
        mismatches.add(where + ": " + what);
      }
    }

    private Object value(int i) {
      return kinds[i] == Kind.NULL ? null : i;
    }

    /** Whether {@code failure} is task i's specified failure. */
    private boolean isFailureOf(int i, Throwable failure) {
      return switch (kinds[i]) {
        case FAILURE -> failure == failures[i];
        case OVERRUN -> taskTimeout
            && failure instanceof TaskTimeoutException timedOut
            && timedOut.taskIndex() == i;
        // a slow task (1-2 ms) may overrun the 250 ms taskTimeout on a starved machine
        case SLOW -> taskTimeout
            && failure instanceof TaskTimeoutException timedOut
            && timedOut.taskIndex() == i;
        default -> false;
      };
    }

    void settled(List<?> outcomes, Throwable failure) {
      if (failure != null || outcomes == null || outcomes.size() != kinds.length) {
        wrong("settled gave " + describe(outcomes, failure));
        return;
      }
      for (int i = 0; i < kinds.length; i++) {
        Object outcome = outcomes.get(i);
        boolean timedOut = outcome instanceof Outcome.TimedOut<?>;
        boolean ok =
            switch (kinds[i]) {
              case SUCCESS, NULL -> outcome.equals(Outcome.success(value(i)))
                  || (gatherTimeout && timedOut);
              case SLOW -> outcome.equals(Outcome.success(value(i)))
                  || ((gatherTimeout || taskTimeout) && timedOut);
              case FAILURE -> (outcome instanceof Outcome.Failure<?> f && f.exception() == failures[i])
                  || (gatherTimeout && timedOut);
              case OVERRUN -> timedOut;
            };
        if (!ok) {
          wrong("slot " + i + " (" + kinds[i] + ") holds " + outcome);
        }
      }
    }

    /** Checks all(); returns whether every task had to run (the gather succeeded). */
    boolean all(List<?> values, Throwable failure) {
      boolean anyFailing = false;
      for (Kind kind : kinds) {
        anyFailing |= !kind.succeeds();
      }
      if (!anyFailing) {
        if (failure != null || values == null || values.size() != kinds.length) {
          wrong("all() of succeeding tasks gave " + describe(values, failure));
          return false;
        }
        for (int i = 0; i < kinds.length; i++) {
          if (!java.util.Objects.equals(values.get(i), value(i))) {
            wrong("slot " + i + " holds " + values.get(i));
          }
        }
        return true;
      }
      if (gatherTimeout && failure instanceof GatherTimeoutException) {
        checkSuppressed(failure, null);
        return false;
      }
      if (!(failure instanceof TaskFailedException failed)) {
        wrong("all() with failing tasks gave " + describe(values, failure));
        return false;
      }
      if (!isFailureOf(failed.taskIndex(), failed.getCause())) {
        wrong("all() failed with " + failed.getCause() + " for task " + failed.taskIndex());
      }
      checkSuppressed(failed, failed.getCause());
      return false;
    }

    /** Every suppressed failure is a task's own, distinct, and not the primary (R9). */
    private void checkSuppressed(Throwable thrown, Throwable primary) {
      Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Throwable suppressed : thrown.getSuppressed()) {
        if (suppressed == primary || !seen.add(suppressed) || !ownFailures.contains(suppressed)) {
          wrong("suppressed " + suppressed + " on " + thrown);
        }
      }
    }

    void any(Object result, Throwable failure) {
      boolean anySucceeds = false;
      for (Kind kind : kinds) {
        anySucceeds |= kind == Kind.SUCCESS || kind == Kind.NULL || (kind == Kind.SLOW && !taskTimeout);
      }
      if (failure == null) {
        if (!isValueOfSucceeding(result)) {
          wrong("any() returned " + result);
        }
        return;
      }
      if (gatherTimeout && failure instanceof GatherTimeoutException) {
        return;
      }
      if (anySucceeds || !(failure instanceof AllFailedException allFailed)) {
        wrong("any() gave " + failure);
        return;
      }
      List<Throwable> list = allFailed.failures();
      if (list.size() != kinds.length) {
        wrong("any() lists " + list.size() + " failures of " + kinds.length);
        return;
      }
      for (int i = 0; i < kinds.length; i++) {
        if (!isFailureOf(i, list.get(i))) {
          wrong("any() failure " + i + " is " + list.get(i));
        }
      }
    }

    void race(Object result, Throwable failure) {
      if (failure == null) {
        if (!isValueOfSucceeding(result)) {
          wrong("race() returned " + result);
        }
      } else if (failure instanceof TaskFailedException failed) {
        if (!isFailureOf(failed.taskIndex(), failed.getCause())) {
          wrong("race() failed with " + failed.getCause() + " for task " + failed.taskIndex());
        }
      } else if (!(gatherTimeout && failure instanceof GatherTimeoutException)) {
        wrong("race() gave " + failure);
      }
    }

    private boolean isValueOfSucceeding(Object result) {
      if (result == null) {
        for (Kind kind : kinds) {
          if (kind == Kind.NULL) {
            return true;
          }
        }
        return false;
      }
      int i = (Integer) result;
      return i >= 0 && i < kinds.length && (kinds[i] == Kind.SUCCESS || kinds[i] == Kind.SLOW);
    }
  }
}
