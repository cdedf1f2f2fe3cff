package io.github.concurrentrunner.guava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.AbstractFuture;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.SettableFuture;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuavaTasksTest {
  private static final long LONG_DELAY_SECONDS = 10;

  private final ConcurrentRunner runner = ConcurrentRunner.create("guava");

  @AfterEach
  void close() {
    runner.close();
  }

  /** A future that records whether it was cancelled with interruption. */
  private static final class Probe<V> extends AbstractFuture<V> {
    final CountDownLatch interrupted = new CountDownLatch(1);

    @Override
    protected void interruptTask() {
      interrupted.countDown();
    }
  }

  @Test
  void aListenableFuturesValueFillsTheSlotNullIncluded() throws Exception {
    SettableFuture<String> later = SettableFuture.create();
    var handle =
        runner.all(
            List.of(
                GuavaTasks.async(() -> Futures.immediateFuture("now")),
                GuavaTasks.async("later", () -> later),
                GuavaTasks.async(() -> Futures.immediateFuture((String) null))));
    later.set("later");
    assertThat(handle.await()).isEqualTo(Arrays.asList("now", "later", null));
  }

  @Test
  void aFailedListenableFutureFailsTheTaskWithTheSameInstance() throws Exception {
    IOException down = new IOException("down");
    assertThatThrownBy(
            () ->
                runner
                    .all(
                        List.of(
                            GuavaTasks.async("read", () -> Futures.immediateFailedFuture(down))))
                    .await())
        .isInstanceOfSatisfying(
            TaskFailedException.class, failed -> assertThat(failed.taskName()).isEqualTo("read"))
        .cause()
        .isSameAs(down);

    List<Outcome<Object>> outcomes =
        runner
            .allSettled(
                List.of(
                    GuavaTasks.async(
                        () -> {
                          throw down;
                        })))
            .await();
    assertThat(outcomes).containsExactly(new Outcome.Failure<>(down));
  }

  @Test
  void aCallableReturningNullFailsTheTaskWithNullPointerException() {
    assertThatThrownBy(() -> runner.all(List.of(GuavaTasks.<String>async(() -> null))).await())
        .isInstanceOf(TaskFailedException.class)
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("AsyncCallable");
  }

  @Test
  void aCancelledTaskCancelsItsListenableFutureWithInterruption() throws Exception {
    Probe<String> pending = new Probe<>();
    IllegalStateException boom = new IllegalStateException("boom");
    CountDownLatch asyncStarted = new CountDownLatch(1);
    assertThatThrownBy(
            () ->
                runner
                    .all(
                        List.of(
                            GuavaTasks.async(
                                () -> {
                                  asyncStarted.countDown();
                                  return pending;
                                }),
                            Task.<String>of(
                                () -> {
                                  asyncStarted.await();
                                  throw boom;
                                })))
                    .await())
        .cause()
        .isSameAs(boom);
    assertThat(pending.isCancelled()).isTrue();
    assertThat(pending.interrupted.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theCallableRunsOnlyWhenTheGatherStartsTheTask() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    SettableFuture<Integer> first = SettableFuture.create();
    var handle =
        runner.all(
            List.of(
                GuavaTasks.async(
                    () -> {
                      calls.incrementAndGet();
                      return first;
                    }),
                GuavaTasks.async(() -> Futures.immediateFuture(calls.incrementAndGet()))),
            GatherOptions.builder().maxConcurrency(1).build());
    assertThat(calls).as("the second task waits for the first").hasValue(1);
    first.set(0);
    assertThat(handle.await()).containsExactly(0, 2);
  }

  @Test
  void rejectsNullArguments() {
    assertThatThrownBy(() -> GuavaTasks.async(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("callable");
    assertThatThrownBy(() -> GuavaTasks.async(null, () -> Futures.immediateFuture(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("name");
  }
}
