package io.github.concurrentrunner.tck;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract's rules through the shortcuts of {@link ConcurrentRunner}: the fixed-arity forms
 * of {@code all}, {@code allSettled}, {@code any} and {@code race} over two or three {@link Task}s
 * or {@link Callable}s, with and without options, and {@code both}/{@code bothSettled} over
 * {@code Callable}s. The shortcuts are default methods that delegate to the list forms; a runner
 * that overrides one must keep its semantics, and these tests prove it does (rules R1, R4, R5, R7,
 * R8, R12-R15), on the same runner as the rest of the kit.
 *
 * <p>Run it inside the kit as a {@code @Nested} class that hands over the kit's runner, which the
 * kit creates before each test and checks after it (no task left running, no thread leaked, no
 * unexpected failure-handler event):
 *
 * <pre>{@code
 * @Nested
 * @DisplayName("Shortcuts: the same rules through the fixed-arity and Callable forms")
 * class Shortcuts extends ConvenienceOverloadRules {
 *   // ... (the kit's own skips it in the REMOTE profile: its lambdas are not serializable)
 *   @Override
 *   protected ConcurrentRunner runner() {
 *     return runner;
 *   }
 *
 *   @Override
 *   protected List<FailureEvent> takeFailureEvents() {
 *     return failures.take();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test waits for what must happen at most {@code Delays.LONG}, and every task body it
 * starts ends by itself within that bound, even on a runner that fails to cancel it.
 */
public abstract class ConvenienceOverloadRules {

  /** Creates the rules; subclasses have a no-argument constructor. */
  protected ConvenienceOverloadRules() {}

  /**
   * Returns the runner under test, the same one for the whole of a test; its owner closes it.
   *
   * @return the runner under test
   */
  protected abstract ConcurrentRunner runner();

  /**
   * Takes the events the runner's failure handler recorded so far, so that a test can check and
   * remove the ones it expects (a late failure it cannot rule out) before the kit's after-each
   * check flags what is left. The kit overrides it; this default takes nothing.
   *
   * @return the events recorded since the last call, oldest first
   */
  protected List<FailureEvent> takeFailureEvents() {
    return List.of();
  }

  /**
   * R1: the shortcuts return values in input order, not completion order, whichever form: the
   * third task finishes first and the first last. If this fails, the shortcut in the message does
   * not keep its arguments' order (it builds its list in another order, or collects completions).
   */
  @Test
  void rule01_shortcutsKeepInputOrder() throws Exception {
    ConcurrentRunner runner = runner();
    GatherOptions options = GatherOptions.defaults();
    ReverseOrder a = new ReverseOrder(3);
    assertThat(await(runner.all(a.body(0), a.body(1), a.body(2)))).containsExactly(0, 1, 2);
    ReverseOrder b = new ReverseOrder(3);
    assertThat(await(runner.all(b.task(0), b.task(1), b.task(2), options)))
        .containsExactly(0, 1, 2);
    ReverseOrder c = new ReverseOrder(2);
    assertThat(await(runner.all(c.task(0), c.task(1)))).containsExactly(0, 1);
    ReverseOrder d = new ReverseOrder(2);
    assertThat(await(runner.all(d.body(0), d.body(1), options))).containsExactly(0, 1);
    ReverseOrder e = new ReverseOrder(3);
    assertThat(await(runner.allSettled(e.task(0), e.task(1), e.task(2))))
        .containsExactly(Outcome.success(0), Outcome.success(1), Outcome.success(2));
    ReverseOrder f = new ReverseOrder(2);
    assertThat(await(runner.allSettled(f.body(0), f.body(1), options)))
        .containsExactly(Outcome.success(0), Outcome.success(1));
  }

  /**
   * R1 with async tasks: a shortcut over {@code Task.async} tasks whose futures complete in
   * reverse order keeps input order. If this fails, the Task shortcut treats async tasks
   * differently from the list form.
   */
  @Test
  void rule01_shortcutsKeepInputOrderOfAsyncTasks() throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    GatherHandle<List<String>> handle =
        runner().all(Task.async(() -> first), Task.async(() -> second));
    second.complete("b");
    first.complete("a");
    assertThat(await(handle)).containsExactly("a", "b");
  }

  /**
   * R4: a null argument of a shortcut is a {@code NullPointerException} at the call that names
   * the parameter ({@code second}, {@code third}, {@code options}), and no task starts. If a task
   * ran, the shortcut started the gather before checking its arguments.
   */
  @Test
  void rule04_shortcutsRejectNullArgumentsNamingThem() {
    ConcurrentRunner runner = runner();
    AtomicInteger started = new AtomicInteger();
    Callable<String> ok =
        () -> {
          started.incrementAndGet();
          return "x";
        };
    Task<String> task = Task.of(ok);
    Task<String> nullTask = null;
    Callable<String> nullCallable = null;
    GatherOptions nullOptions = null;
    List<Runnable> second =
        List.of(
            () -> runner.all(task, nullTask),
            () -> runner.allSettled(task, nullTask, GatherOptions.defaults()),
            () -> runner.any(ok, nullCallable),
            () -> runner.race(ok, nullCallable, GatherOptions.defaults()),
            () -> runner.both(ok, nullCallable, GatherOptions.defaults()),
            () -> runner.both(ok, nullCallable, (a, b) -> a + b),
            () -> runner.bothSettled(ok, nullCallable));
    for (Runnable call : second) {
      assertThatThrownBy(call::run)
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("second");
    }
    assertThatThrownBy(() -> runner.all(task, task, nullTask))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("third");
    assertThatThrownBy(() -> runner.any(ok, ok, nullCallable))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("third");
    List<Runnable> options =
        List.of(
            () -> runner.all(task, task, nullOptions),
            () -> runner.allSettled(ok, ok, ok, nullOptions),
            () -> runner.any(task, task, task, nullOptions),
            () -> runner.race(ok, ok, nullOptions),
            () -> runner.bothSettled(ok, ok, nullOptions));
    for (Runnable call : options) {
      assertThatThrownBy(call::run)
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("options");
    }
    assertThat(started).as("tasks started by rejected calls").hasValue(0);
  }

  /**
   * R5: a null value fills its slot through the shortcuts, and is a valid winner and half of a
   * pair. If this fails, the shortcut (or the runner) uses null as a "no value" marker.
   */
  @Test
  void rule05_shortcutsKeepNullValues() throws Exception {
    ConcurrentRunner runner = runner();
    Callable<String> none = () -> null;
    assertThat(await(runner.all(none, () -> "b"))).containsExactly(null, "b");
    assertThat(await(runner.allSettled(none, none)))
        .containsExactly(Outcome.success(null), Outcome.success(null));
    assertThat(await(runner.any(none, none))).isNull();
    assertThat(await(runner.race(none, none))).isNull();
    assertThat(await(runner.both(none, () -> 1, GatherOptions.defaults())))
        .isEqualTo(Pair.of(null, 1));
    String combined = await(runner.both(none, () -> 1, (a, b) -> a + "/" + b));
    assertThat(combined).isEqualTo("null/1");
    assertThat(await(runner.bothSettled(none, () -> 1)))
        .isEqualTo(Pair.of(Outcome.success(null), Outcome.success(1)));
  }

  /**
   * R7, R8: {@code all} over a shortcut fails fast with the very exception the task threw, names
   * its index, and interrupts the running sibling. If the cause is another instance, the shortcut
   * wraps it; if the sibling is not interrupted, the shortcut lost the list form's cancellation.
   */
  @Test
  void rule07_shortcutAllFailsFastWithTheVeryException() throws Exception {
    IOException failure = new IOException("down");
    Blocked sibling = new Blocked();
    Throwable thrown =
        failureOf(
            runner()
                .all(
                    sibling::call,
                    () -> {
                      sibling.awaitStarted();
                      throw failure;
                    }));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(thrown.getCause()).isSameAs(failure);
    assertThat(((TaskFailedException) thrown).taskIndex()).isEqualTo(1);
    sibling.assertInterrupted();
  }

  /**
   * R12, R16: {@code allSettled} and {@code bothSettled} shortcuts record each slot as exactly one
   * of success, failure (same instance) or timed out, and a task timeout given in the options
   * applies. If the timed-out slot is a failure, the shortcut dropped its options.
   */
  @Test
  void rule12_settledShortcutsRecordEveryOutcome() throws Exception {
    ConcurrentRunner runner = runner();
    IOException failure = new IOException("e is down");
    Blocked slow = new Blocked();
    GatherOptions options = GatherOptions.builder().taskTimeout(Delays.SHORT).build();
    List<Outcome<String>> outcomes =
        await(runner.allSettled(() -> "a", () -> { throw failure; }, slow::call, options));
    assertThat(outcomes)
        .containsExactly(Outcome.success("a"), Outcome.failure(failure), Outcome.timedOut());
    assertThat(outcomes.get(1).exception()).isSameAs(failure);
    slow.assertInterrupted();
    Pair<Outcome<String>, Outcome<Integer>> pair =
        await(runner.bothSettled(() -> "a", () -> { throw failure; }));
    assertThat(pair.first().getOrThrow()).isEqualTo("a");
    assertThat(pair.second().exception()).isSameAs(failure);
  }

  /**
   * R13: an {@code any} shortcut returns the first success; when every task fails it throws
   * {@code AllFailedException} with every failure in input order. If the order differs, the
   * shortcut reordered its arguments.
   */
  @Test
  void rule13_anyShortcutReturnsFirstSuccessOrEveryFailure() throws Exception {
    ConcurrentRunner runner = runner();
    IOException first = new IOException("first");
    IOException second = new IOException("second");
    assertThat(await(runner.any(() -> { throw first; }, () -> "ok"))).isEqualTo("ok");
    // "ok" may settle before "first" fails: "first" is then a late failure, which goes once to
    // the failure handler (R11); nothing else may.
    assertThat(takeFailureEvents())
        .hasSizeLessThanOrEqualTo(1)
        .allSatisfy(
            event -> {
              assertThat(event.kind()).isEqualTo(FailureEvent.Kind.LATE_FAILURE);
              assertThat(event.failure()).isInstanceOf(IOException.class).hasMessage("first");
            });
    Throwable thrown =
        failureOf(runner.any(Task.of(() -> { throw first; }), Task.of(() -> { throw second; })));
    assertThat(thrown).isInstanceOf(AllFailedException.class);
    assertThat(((AllFailedException) thrown).failures()).containsExactly(first, second);
  }

  /**
   * R14: a {@code race} shortcut returns the first task to settle and interrupts the other. If the
   * loser keeps running, the shortcut lost the list form's cancellation.
   */
  @Test
  void rule14_raceShortcutReturnsFirstToSettle() throws Exception {
    Blocked loser = new Blocked();
    Callable<String> fast =
        () -> {
          loser.awaitStarted();
          return "fast";
        };
    assertThat(await(runner().race(loser::call, fast, GatherOptions.defaults())))
        .isEqualTo("fast");
    loser.assertInterrupted();
  }

  /**
   * R15: a gather timeout given to a shortcut ends it with {@code GatherTimeoutException} and
   * interrupts the unfinished tasks. If the gather waits for the tasks instead, the shortcut
   * dropped its options.
   */
  @Test
  void rule15_shortcutHonoursGatherTimeout() throws Exception {
    Blocked slow = new Blocked();
    GatherOptions options = GatherOptions.builder().timeout(Delays.SHORT).build();
    Throwable thrown = failureOf(runner().all(Task.of(slow::call), Task.of(() -> "b"), options));
    assertThat(thrown).isInstanceOf(GatherTimeoutException.class);
    if (slow.hasStarted()) { // on a loaded machine the timeout may pass before it starts
      slow.assertInterrupted();
    }
  }

  // ================================================================== helpers

  /** Bodies that finish in reverse input order: body i waits until body i+1 has finished. */
  private static final class ReverseOrder {
    private final List<CountDownLatch> done = new ArrayList<>();

    ReverseOrder(int size) {
      for (int i = 0; i < size; i++) {
        done.add(new CountDownLatch(1));
      }
    }

    Callable<Integer> body(int index) {
      return () -> {
        if (index + 1 < done.size()) {
          awaitLatch(done.get(index + 1));
        }
        done.get(index).countDown();
        return index;
      };
    }

    Task<Integer> task(int index) {
      return Task.of(body(index));
    }
  }

  /** A task body that blocks until interrupted (at most {@code Delays.LONG}), and records it. */
  private static final class Blocked implements Callable<String> {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch never = new CountDownLatch(1);

    @Override
    public String call() throws InterruptedException {
      started.countDown();
      try {
        never.await(Delays.LONG.toNanos(), NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
      return "not interrupted";
    }

    boolean hasStarted() {
      return started.getCount() == 0;
    }

    void awaitStarted() throws InterruptedException {
      awaitLatch(started);
    }

    void assertInterrupted() throws InterruptedException {
      assertThat(interrupted.await(Delays.LONG.toNanos(), NANOSECONDS))
          .as("the running task was interrupted")
          .isTrue();
    }
  }

  private static void awaitLatch(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(Delays.LONG.toNanos(), NANOSECONDS)) {
      throw new AssertionError("waited " + Delays.LONG + " for another task");
    }
  }

  /** Awaits a gather that must complete normally, at most {@code Delays.LONG}. */
  private static <R> R await(GatherHandle<R> handle) throws InterruptedException {
    try {
      return handle.await(Delays.LONG);
    } catch (TimeoutException e) {
      throw new AssertionError("the gather did not complete within " + Delays.LONG, e);
    }
  }

  /** Awaits a gather that must fail, at most {@code Delays.LONG}, and returns what it threw. */
  private static Throwable failureOf(GatherHandle<?> handle) {
    Object result;
    try {
      result = handle.await(Delays.LONG);
    } catch (TimeoutException e) {
      throw new AssertionError("the gather did not complete within " + Delays.LONG, e);
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected the gather to fail, but it returned " + result);
  }
}
