package io.github.concurrentrunner.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gathers nested on an inline executor until the stack overflows (R27) on two threads at once:
 * the engine hands the exits it cannot record on an exhausted stack to its callbacks executor,
 * whose own code must not overflow half-way. On JDK 21+ that executor runs virtual threads, and a
 * {@code StackOverflowError} inside the {@code ForkJoinPool} while it held its lock left the JVM's
 * virtual-thread scheduler locked for good: the nesting hung, and so did every later gather on the
 * runner's default executor (seen on JDK 25, 13 of 16 fresh JVMs running two nestings at once).
 * The TCK's deep-nesting rule covers the chain of failures; this proves that the runner, and the
 * JVM's scheduler, still work afterwards, on every backend.
 */
class DeepStackHandOffTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  /** Small stacks: the overflow comes sooner, at a different frame on each. */
  private static final long[] STACK_SIZES = {192 << 10, 256 << 10, 320 << 10};

  private static final int THREADS = 2;

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void nestingUntilTheStackOverflowsLeavesTheRunnerWorking(String backend) throws Exception {
    try (Backends.Recorded recorded = Backends.create(backend)) {
      ConcurrentRunner runner = recorded.runner();
      GatherOptions inline = GatherOptions.builder().executor(Runnable::run).build();
      warmUp(runner, inline);
      for (long stackSize : STACK_SIZES) {
        List<Throwable> outermost = nestOnThreadsAtOnce(runner, inline, stackSize);
        for (Throwable failure : outermost) {
          assertThat(rootOf(failure))
              .as("the end of a chain on a %d KiB stack", stackSize >> 10)
              .isInstanceOf(StackOverflowError.class);
        }
      }
      // The runner's own executor (virtual threads on JDK 21+) and its callbacks still run.
      List<String> alive =
          runner
              .all(List.of(Task.of(() -> "first"), Task.of(() -> "second")))
              .await(PATIENCE);
      assertThat(alive).containsExactly("first", "second");
      assertThat(recorded.events())
          .allSatisfy(event -> assertThat(event.failure()).isInstanceOf(StackOverflowError.class));
    }
  }

  /**
   * Loads and initializes, on a stack with room to spare, the classes of the runner and the JDK
   * that the nestings use: a class whose initializer a real overflow interrupts stays unusable in
   * this JVM, which would fail this test for the JVM's reason, not the runner's (as in the TCK).
   */
  private static void warmUp(ConcurrentRunner runner, GatherOptions inline) throws Exception {
    Nesting shallow = new Nesting(runner, inline, 3);
    Throwable failure = catchThrowable(() -> runner.all(List.of(Task.of(shallow)), inline).await());
    assertThat(rootOf(failure)).isInstanceOf(StackOverflowError.class);
    assertThat(catchThrowable(() -> new CompletableFuture<Void>().get(1, TimeUnit.MILLISECONDS)))
        .isInstanceOf(TimeoutException.class);
  }

  /**
   * Runs one nesting on each of {@link #THREADS} threads of the given stack size, started
   * together, and returns the failure of each outermost gather.
   */
  private static List<Throwable> nestOnThreadsAtOnce(
      ConcurrentRunner runner, GatherOptions inline, long stackSize) throws InterruptedException {
    Nesting nest = new Nesting(runner, inline, Integer.MAX_VALUE);
    CountDownLatch go = new CountDownLatch(1);
    List<AtomicReference<Throwable>> failures = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      failures.add(failure);
      Thread thread =
          new Thread(
              null,
              () -> {
                try {
                  go.await();
                  runner.all(List.of(Task.of(nest)), inline).await(PATIENCE);
                  failure.set(new AssertionError("the outermost gather succeeded"));
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              "deep-nesting-" + (stackSize >> 10) + "k-" + i,
              stackSize);
      thread.setDaemon(true); // if it hangs, it must not keep the test JVM alive
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join(PATIENCE.multipliedBy(2).toMillis());
      assertThat(thread.isAlive())
          .as("%s still nesting after %s: an exit was lost, or the scheduler hangs", thread, PATIENCE)
          .isFalse();
    }
    List<Throwable> outermost = new ArrayList<>();
    for (AtomicReference<Throwable> failure : failures) {
      outermost.add(failure.get());
    }
    return outermost;
  }

  /**
   * A task that starts a gather of itself on the inline executor, one level deeper each time,
   * until the stack overflows or, for the warm-up, it throws a {@code StackOverflowError} of its
   * own at a given depth.
   */
  private static final class Nesting implements Callable<String> {
    private final ConcurrentRunner runner;
    private final GatherOptions inline;
    private final int throwAt;
    private final AtomicInteger depth = new AtomicInteger();

    Nesting(ConcurrentRunner runner, GatherOptions inline, int throwAt) {
      this.runner = runner;
      this.inline = inline;
      this.throwAt = throwAt;
    }

    @Override
    public String call() throws Exception {
      if (depth.incrementAndGet() == throwAt) {
        throw new StackOverflowError("deliberately, at depth " + throwAt);
      }
      return runner.all(List.of(Task.of(this)), inline).await(PATIENCE).get(0);
    }
  }

  /** The last link of a cause chain, at most 100 000 links down (the nesting's depth). */
  private static Throwable rootOf(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; depth < 100_000 && t.getCause() != null; depth++) {
      t = t.getCause();
    }
    return t;
  }
}
