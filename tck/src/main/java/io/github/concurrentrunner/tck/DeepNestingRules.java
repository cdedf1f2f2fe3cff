package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rule of the kit on a {@code StackOverflowError} in the runner's own code (R27, part
 * three): gathers nested on an inline executor until the stack overflows lose no task's exit.
 *
 * <p>One link of the chain of abstract classes that {@link ConcurrentRunnerTck} closes: its
 * {@code @Nested} group reaches the harness as its enclosing instance. It is a file of its own so
 * that the other hostile groups can change without touching it.
 */
abstract class DeepNestingRules extends ObservationRules {

  /** The stack sizes of the nesting threads: the overflow strikes at a different frame in each. */
  private static final long[] STACK_SIZES = {192 << 10, 256 << 10, 384 << 10, 512 << 10, 1 << 20};

  @Nested
  @DisplayName("R27: a stack overflow in the runner's own code loses no exit")
  class Rule27DeepNesting extends Watched {

    /**
     * Gathers nest on an inline executor until the stack overflows, on threads of several stack
     * sizes: wherever the {@code StackOverflowError} strikes (in a task, or in the runner's
     * bookkeeping right before or after it), every gather completes, and the outermost one fails
     * with a chain of {@code TaskFailedException}s that ends in the error. Every wait is bounded:
     * a nested {@code await} that runs out fails its task with a {@code TimeoutException}, which
     * this test reports, naming the stack size. If that happens, the runner lost the exit of a
     * task whose bookkeeping overflowed (it must record it on a fresh stack).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule27_stackOverflowInDeepNestingLosesNoExit(TaskMode mode) throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode);
      GatherOptions inline = options(mode).executor(Runnable::run).build();
      Callable<String> nest =
          new Callable<>() {
            @Override
            public String call() throws Exception {
              return runner.all(List.of(Task.of(this)), inline).await(Delays.LONG).get(0);
            }
          };
      // First a shallow nesting whose innermost task throws a StackOverflowError of its own, on
      // this thread's stack: it loads and initializes, on a stack with room to spare, the classes
      // the runner and the JDK use on these paths. (A class whose initializer a real overflow
      // interrupts stays unusable in this JVM, which would fail later tests, not this rule.)
      Callable<String> shallow =
          new Callable<>() {
            private int depth;

            @Override
            public String call() throws Exception {
              if (++depth == 3) {
                throw new StackOverflowError("deliberately, at depth 3");
              }
              return runner.all(List.of(Task.of(this)), inline).await(Delays.LONG).get(0);
            }
          };
      assertThat(failureOf(runner.all(List.of(Task.of(shallow)), inline)))
          .hasRootCauseInstanceOf(StackOverflowError.class);
      // The same for the JDK's class behind a timed wait on a future (CompletableFuture's
      // Signaller), which the shallow nesting reaches only when an inner wait really waits.
      try {
        new CompletableFuture<Void>().get(1, TimeUnit.MILLISECONDS);
      } catch (TimeoutException expected) {
        // the wait ran out, as it must: the class is initialized
      }
      for (long stackSize : STACK_SIZES) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread nesting =
            new Thread(
                null,
                () -> {
                  try {
                    failure.set(failureOf(runner.all(List.of(Task.of(nest)), inline)));
                  } catch (Throwable t) { // the outermost call itself threw: reported below
                    failure.set(new AssertionError("the outermost gather threw at the call", t));
                  }
                },
                "tck-deep-nesting-" + (stackSize >> 10) + "k",
                stackSize);
        nesting.start();
        nesting.join(Delays.LONG.multipliedBy(3).toMillis());
        if (nesting.isAlive()) {
          nesting.interrupt();
          nesting.join(Delays.LONG.toMillis());
          throw new AssertionError(
              "the nested gathers on a " + (stackSize >> 10) + " KiB stack did not complete");
        }
        Throwable deepest = failure.get();
        for (int depth = 0; depth < 100_000 && deepest.getCause() != null; depth++) {
          assertThat(deepest)
              .as("a link of the chain on a %d KiB stack (a timeout: an exit was lost)", stackSize >> 10)
              .isNotInstanceOf(TimeoutException.class)
              .isNotInstanceOf(AssertionError.class);
          deepest = deepest.getCause();
        }
        assertThat(deepest)
            .as("the end of the chain on a %d KiB stack", stackSize >> 10)
            .isInstanceOf(StackOverflowError.class);
      }
      // Where the error strikes in the runner's own code after an exit was recorded (starting
      // the next task, say), it is one CALLBACK_FAILURE event (R11): reported, never lost. Such
      // events are allowed here, and nothing else.
      assertThat(failures.take())
          .allSatisfy(
              event -> {
                assertThat(event.kind()).isEqualTo(FailureEvent.Kind.CALLBACK_FAILURE);
                assertThat(event.failure()).isInstanceOf(StackOverflowError.class);
              });
    }
  }
}
