package io.github.concurrentrunner.guava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.tck.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * R11, "nothing logged twice", against Guava's habit of logging aggregate failures at {@code
 * SEVERE} through {@code java.util.logging}: a failure the runner delivers to the caller must not
 * also appear in Guava's log.
 */
class GuavaLoggingTest {
  private static final long LONG_DELAY_SECONDS = 10;

  private LogCapture guavaLog;

  @BeforeEach
  void captureGuavasLog() {
    guavaLog = LogCapture.startQuietly("com.google.common"); // keeps the control case out of the build log
  }

  @AfterEach
  void restoreLogging() {
    guavaLog.close();
  }

  /** The control: the probe does see Guava's own aggregate logging a second failure. */
  @Test
  void guavasAllAsListLogsASecondFailureAtSevere() {
    ListenableFuture<List<Object>> both =
        Futures.allAsList(
            Futures.immediateFailedFuture(new IllegalStateException("first")),
            Futures.immediateFailedFuture(new IllegalStateException("second")));
    assertThatThrownBy(both::get).isInstanceOf(ExecutionException.class);
    assertThat(guavaLog.records())
        .anySatisfy(record -> assertThat(record.getLevel()).isEqualTo(Level.SEVERE));
  }

  @Test
  void failuresTheRunnerDeliversAreNeverLoggedByGuavaNorReportedAgain() throws Exception {
    List<FailureEvent> events = new CopyOnWriteArrayList<>();
    try (ConcurrentRunner runner =
        ConcurrentRunner.builder().backend("guava").failureHandler(events::add).build()) {
      for (int round = 0; round < 20; round++) {
        failingGathers(runner);
      }
    }
    assertThat(guavaLog.records()).as(guavaLog.describe()).isEmpty();
    assertThat(events).as("every failure reached its caller; none is undelivered").isEmpty();
  }

  /** Many failures at once, blocking and async, through every operation and the Guava view. */
  private static void failingGathers(ConcurrentRunner runner) throws Exception {
    CyclicBarrier together = new CyclicBarrier(3);
    List<Task<String>> failTogether = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int index = i;
      failTogether.add(
          Task.of(
              () -> {
                together.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS);
                throw new IllegalStateException("blocking " + index);
              }));
    }
    failTogether.add(
        GuavaTasks.async(() -> Futures.immediateFailedFuture(new IllegalStateException("async"))));
    assertThatThrownBy(() -> runner.all(failTogether).await())
        .isInstanceOf(TaskFailedException.class);

    List<Outcome<String>> outcomes = runner.allSettled(failTogether.subList(3, 4)).await();
    assertThat(outcomes).singleElement().isInstanceOf(Outcome.Failure.class);

    assertThatThrownBy(() -> runner.any(failTogether.subList(3, 4)).await())
        .isInstanceOf(AllFailedException.class);
    assertThatThrownBy(() -> runner.race(failTogether.subList(3, 4)).await())
        .isInstanceOf(TaskFailedException.class);
    assertThatThrownBy(
            () ->
                runner
                    .both(
                        failTogether.get(3),
                        GuavaTasks.async(
                            () ->
                                Futures.immediateFailedFuture(new IllegalStateException("second"))))
                    .await())
        .isInstanceOf(TaskFailedException.class);

    ListenableFuture<List<String>> view =
        GuavaGathers.toListenableFuture(runner.all(failTogether.subList(3, 4)));
    assertThatThrownBy(() -> view.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);

    CountDownLatch never = new CountDownLatch(1);
    assertThatThrownBy(
            () ->
                runner
                    .all(
                        List.of(Task.of(() -> never.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS))),
                        GatherOptions.builder().taskTimeout(Duration.ofMillis(5)).build())
                    .await())
        .isInstanceOf(TaskFailedException.class);
  }
}
