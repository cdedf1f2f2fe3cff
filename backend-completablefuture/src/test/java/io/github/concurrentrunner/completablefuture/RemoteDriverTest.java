package io.github.concurrentrunner.completablefuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.JdkTaskDriver;
import io.github.concurrentrunner.spi.TaskDriver;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's side of the REMOTE profile, with a driver that plays a remote member: it declares
 * that it runs blocking tasks itself and needs serializable tasks, and this test decides when each
 * "remote" body exits. Built with {@code ConcurrentRunner.builder().provider(...)}, the explicit
 * way a remote backend's provider is used.
 */
class RemoteDriverTest {
  private static final long WAIT_SECONDS = 10;

  private final RemoteDriver driver = new RemoteDriver();
  private final List<FailureEvent> events = new CopyOnWriteArrayList<>();
  private final ConcurrentRunner runner =
      ConcurrentRunner.builder()
          .provider(new SingleDriverProvider("remote-test", driver))
          .failureHandler(events::add)
          .build();

  @AfterEach
  void close() {
    runner.close();
  }

  /** A serializable callable; the test driver never calls it (its member is the test). */
  private static final class Counted implements Callable<String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String call() {
      return "ran";
    }
  }

  /**
   * A task whose driver's cancel() throws: that is the task's failure and it counts as finished,
   * neither waited for through the (here five-minute) grace period nor reported as leaked (R27).
   * Only a thread's interrupt() that throws leaves its task running.
   */
  @Test
  void aTaskWhoseDriverCancelThrowsCountsAsFinished() throws Exception {
    IllegalStateException refused = new IllegalStateException("cancel refused by the cluster");
    driver.cancelFailure = refused;
    GatherHandle<List<String>> handle =
        runner.all(
            List.of(Task.of(new Counted())),
            GatherOptions.builder().gracePeriod(Duration.ofMinutes(5)).build());
    driver.take();
    assertThat(handle.cancel()).isTrue();
    Throwable thrown = catchThrowable(() -> handle.await(Duration.ofSeconds(WAIT_SECONDS)));
    assertThat(thrown).as("await() after cancel(); events %s", events)
        .isInstanceOf(CancellationException.class);
    assertThat(thrown.getSuppressed()).containsExactly(refused);
  }

  @Test
  void aTaskThatDoesNotSerializeIsRejectedAtTheCallNamingItsIndexBeforeAnyTaskStarts() {
    Object notSerializable = new Object();
    Task<String> capturing =
        Task.of("capturing", (Callable<String> & Serializable) () -> "x" + notSerializable);

    Throwable thrown =
        catchThrowable(() -> runner.all(List.of(Task.of(new Counted()), capturing)));

    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 1 ('capturing')")
        .hasMessageContaining("remote-test")
        .hasMessageContaining("java.lang.Object is not Serializable");
    assertThat(driver.submitted).as("tasks sent to the member").isEmpty();
  }

  @Test
  void aPlainLambdaIsRejectedByEveryOperation() {
    Task<String> lambda = Task.of(() -> "not serializable");
    Task<String> fine = Task.of(new Counted());

    assertThatThrownBy(() -> runner.both(fine, lambda))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("task 1 cannot be sent");
    assertThatThrownBy(() -> runner.race(List.of(lambda)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("task 0 cannot be sent");
    assertThat(driver.submitted).isEmpty();
  }

  @Test
  void asyncTasksAreNotCheckedBecauseTheyStartInTheCallersJvm() throws Exception {
    Task<String> async =
        Task.async(() -> java.util.concurrent.CompletableFuture.completedFuture("local"));

    assertThat(runner.all(List.of(async)).await()).containsExactly("local");
  }

  @Test
  void blockingTasksGoToTheDriverAndTheirExitsFillTheSlotsInInputOrder() throws Exception {
    GatherHandle<List<String>> handle =
        runner.all(List.of(Task.of("a", new Counted()), Task.of("b", new Counted())));
    Submitted first = driver.take();
    Submitted second = driver.take();
    assertThat(List.of(first.taskIndex, second.taskIndex)).containsExactly(0, 1);
    assertThat(first.taskName).isEqualTo("a");

    second.exit.accept("second", null);
    first.exit.accept("first", null);

    assertThat(handle.await(Duration.ofSeconds(WAIT_SECONDS))).containsExactly("first", "second");
    assertThat(driver.executeCalls).as("execute() calls").hasValue(0);
  }

  @Test
  void aRemoteFailureIsTheTasksFailure() {
    GatherHandle<List<String>> handle = runner.all(List.of(Task.of(new Counted())));
    IllegalStateException remote = new IllegalStateException("failed on the member");
    driver.take().exit.accept(null, remote);

    Throwable thrown = catchThrowable(handle::await);

    assertThat(thrown).isInstanceOf(TaskFailedException.class).cause().isSameAs(remote);
    assertThat(((TaskFailedException) thrown).taskIndex()).isZero();
  }

  @Test
  void aCancelledRemoteTaskIsFinishedOnlyWhenItsBodyHasExited() throws Exception {
    GatherHandle<List<String>> handle =
        runner.all(
            List.of(Task.of(new Counted())),
            GatherOptions.builder().gracePeriod(Duration.ofMinutes(5)).build());
    Submitted running = driver.take();

    assertThat(handle.cancel()).isTrue();
    assertThat(running.interruptRequested.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(handle.isDone()).as("done before the remote body exited").isFalse();

    running.exit.accept(null, new InterruptedException("interrupted on the member"));

    assertThat(catchThrowable(() -> handle.await(Duration.ofSeconds(WAIT_SECONDS))))
        .isInstanceOf(CancellationException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
    assertThat(events).isEmpty();
  }

  @Test
  void aRemoteBodyThatDoesNotExitWithinTheGracePeriodIsReportedAsLeaked() throws Exception {
    GatherHandle<List<String>> handle =
        runner.all(
            List.of(Task.of("stuck", new Counted())),
            GatherOptions.builder().gracePeriod(Duration.ofMillis(50)).build());
    driver.take();

    handle.cancel();
    Throwable thrown = catchThrowable(() -> handle.await(Duration.ofSeconds(WAIT_SECONDS)));

    assertThat(thrown).isInstanceOf(CancellationException.class);
    assertThat(thrown.getSuppressed())
        .singleElement()
        .isInstanceOfSatisfying(
            LeakedTaskException.class,
            leaked -> {
              assertThat(leaked.taskIndex()).isZero();
              assertThat(leaked.taskName()).isEqualTo("stuck");
            });
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(FailureEvent.Kind.LEAKED_TASK));
  }

  @Test
  void aSubmissionTheDriverRejectsFailsThatTask() {
    RejectedExecutionException full = new RejectedExecutionException("the cluster is full");
    driver.reject = full;

    Throwable thrown = catchThrowable(() -> runner.all(List.of(Task.of(new Counted()))).await());

    assertThat(thrown).isInstanceOf(TaskFailedException.class).cause().isSameAs(full);
  }

  /** A task the driver received, and the means to finish it as its member would. */
  private record Submitted(
      int taskIndex,
      String taskName,
      BiConsumer<Object, Throwable> exit,
      CountDownLatch interruptRequested) {}

  /**
   * Plays a remote member: blocking tasks wait in a queue until the test finishes them; the rest
   * is the CompletableFuture backend's driver.
   */
  private static final class RemoteDriver implements TaskDriver {
    final BlockingQueue<Submitted> submitted = new LinkedBlockingQueue<>();
    final AtomicInteger executeCalls = new AtomicInteger();
    volatile RejectedExecutionException reject;
    /** What the canceller of each task submitted from now on throws, if set. */
    volatile RuntimeException cancelFailure;
    /** Async tasks and timers as the CompletableFuture backend does them. */
    private final JdkTaskDriver local = new JdkTaskDriver("remote-driver-test");

    Submitted take() {
      try {
        Submitted next = submitted.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(next).as("a task submitted to the driver").isNotNull();
        return next;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public boolean runsBlockingTasks() {
      return true;
    }

    @Override
    public boolean requiresSerializableTasks() {
      return true;
    }

    @Override
    public Cancellable runBlocking(
        Task.Blocking<?> task,
        int taskIndex,
        String taskName,
        Executor executor,
        BiConsumer<Object, Throwable> exit) {
      if (reject != null) {
        throw reject;
      }
      CountDownLatch interruptRequested = new CountDownLatch(1);
      submitted.add(new Submitted(taskIndex, taskName, exit, interruptRequested));
      RuntimeException refusal = cancelFailure;
      if (refusal != null) {
        return () -> {
          throw refusal; // a cluster client refusing the call: this task can no longer be stopped
        };
      }
      return interruptRequested::countDown;
    }

    @Override
    public void execute(Executor executor, Runnable body) {
      executeCalls.incrementAndGet();
      local.execute(executor, body);
    }

    @Override
    public Cancellable observe(CompletionStage<?> stage, BiConsumer<Object, Throwable> callback) {
      return local.observe(stage, callback);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
      return local.schedule(delay, action);
    }

    @Override
    public void shutdown() {
      local.shutdown();
    }
  }
}
