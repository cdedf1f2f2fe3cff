package io.github.concurrentrunner.guava;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.tck.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuavaGathersTest {
  private static final long LONG_DELAY_SECONDS = 10;

  private final ConcurrentRunner runner = ConcurrentRunner.create("guava");

  @AfterEach
  void close() {
    runner.close();
  }

  @Test
  void anErrorFromAListenersExecutorIsLoggedNotLost() throws Exception {
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.github.concurrentrunner.guava");
    CountDownLatch logged = new CountDownLatch(1);
    Handler signal =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.countDown();
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner.guava")) {
      jul.addHandler(signal);
      AssertionError broken = new AssertionError("executor broken (deliberately)");
      CountDownLatch listenerAdded = new CountDownLatch(1);
      GatherHandle<List<String>> handle =
          runner.all(
              List.of(
                  Task.of(
                      () -> {
                        listenerAdded.await();
                        return "a";
                      })));
      ListenableFuture<List<String>> view = GuavaGathers.toListenableFuture(handle);
      view.addListener(
          () -> {},
          command -> {
            throw broken;
          });
      listenerAdded.countDown();
      assertThat(handle.await(Duration.ofSeconds(LONG_DELAY_SECONDS))).containsExactly("a");
      assertThat(view.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).containsExactly("a");
      assertThat(logged.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).as("logged").isTrue();
      assertThat(log.records())
          .singleElement()
          .satisfies(
              record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getThrown()).isSameAs(broken);
              });
    } finally {
      jul.removeHandler(signal);
    }
  }

  @Test
  void succeedsWithTheGathersResultIncludingNulls() throws Exception {
    ListenableFuture<List<String>> view =
        GuavaGathers.toListenableFuture(
            runner.all(List.of(Task.of(() -> "a"), Task.of(() -> null), Task.of(() -> "c"))));
    assertThat(view.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(Arrays.asList("a", null, "c"));
  }

  @Test
  void failsWithWhatAwaitThrowsWhoseCauseIsTheTasksOwnException() throws Exception {
    IOException down = new IOException("down");
    GatherHandle<List<String>> handle =
        runner.all(
            List.of(
                Task.of(() -> "fine"),
                Task.<String>of(
                    "fetch",
                    () -> {
                      throw down;
                    })));
    ListenableFuture<List<String>> view = GuavaGathers.toListenableFuture(handle);
    AtomicReference<Throwable> viaCallback = new AtomicReference<>();
    CountDownLatch called = new CountDownLatch(1);
    Futures.addCallback(
        view,
        new FutureCallback<List<String>>() {
          @Override
          public void onSuccess(List<String> result) {
            called.countDown();
          }

          @Override
          public void onFailure(Throwable failure) {
            viaCallback.set(failure);
            called.countDown();
          }
        },
        directExecutor());

    assertThatThrownBy(() -> view.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            failed -> {
              assertThat(failed.getCause()).isSameAs(down);
              assertThat(failed.taskIndex()).isEqualTo(1);
              assertThat(failed.taskName()).isEqualTo("fetch");
            });
    assertThat(called.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(viaCallback.get()).isInstanceOf(TaskFailedException.class).hasCause(down);
    assertThatThrownBy(handle::await)
        .isInstanceOf(TaskFailedException.class)
        .cause()
        .isSameAs(down);
  }

  @Test
  void carriesAllFailedAndTimeoutExceptionsAsAwaitDoes() {
    IllegalStateException first = new IllegalStateException("first");
    IllegalStateException second = new IllegalStateException("second");
    ListenableFuture<String> anyView =
        GuavaGathers.toListenableFuture(
            runner.any(
                List.of(
                    Task.<String>of(
                        () -> {
                          throw first;
                        }),
                    Task.<String>of(
                        () -> {
                          throw second;
                        }))));
    assertThatThrownBy(() -> anyView.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            AllFailedException.class,
            all -> assertThat(all.failures()).containsExactly(first, second));

    CountDownLatch never = new CountDownLatch(1);
    ListenableFuture<List<Object>> timedOut =
        GuavaGathers.toListenableFuture(
            runner.all(
                List.of(Task.of(() -> never.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS))),
                GatherOptions.builder().timeout(Duration.ofMillis(50)).build()));
    assertThatThrownBy(() -> timedOut.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(GatherTimeoutException.class);
  }

  @Test
  void cancellingTheViewCancelsTheGatherAndInterruptsItsTasks() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    GatherHandle<List<Object>> handle =
        runner.all(
            List.of(
                Task.of(
                    () -> {
                      started.countDown();
                      try {
                        return new CountDownLatch(1).await(LONG_DELAY_SECONDS, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                      }
                    })));
    ListenableFuture<List<Object>> view = GuavaGathers.toListenableFuture(handle);
    assertThat(started.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).isTrue();

    assertThat(view.cancel(false)).isTrue();

    assertThat(view.isCancelled()).isTrue();
    assertThat(interrupted.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(handle::await).isInstanceOf(CancellationException.class);
    assertThat(handle.isDone()).isTrue();
    assertThat(handle.cancel()).isFalse();
  }

  @Test
  void aCancelledGatherCancelsTheView() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    GatherHandle<List<Object>> handle =
        runner.all(
            List.of(
                Task.of(
                    () -> {
                      started.countDown();
                      return new CountDownLatch(1).await(LONG_DELAY_SECONDS, TimeUnit.SECONDS);
                    })));
    ListenableFuture<List<Object>> view = GuavaGathers.toListenableFuture(handle);
    assertThat(started.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).isTrue();

    assertThat(handle.cancel()).isTrue();

    assertThatThrownBy(() -> view.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    assertThat(view.isCancelled()).isTrue();
    assertThat(handle.isDone()).as("the view completes only once the handle has").isTrue();
  }

  /**
   * Proves that the view of a cancelled gather is cancelled and does not lose the task failures
   * seen before the cancellation (R9): the {@code CancellationException} that {@code get()} throws
   * has as its cause the one {@code await()} throws, which carries them as suppressed; a callback
   * and {@code Futures.catching} reach them the same way.
   */
  @Test
  void theViewOfACancelledGatherCarriesTheFailuresSeenBeforeTheCancellation() throws Exception {
    IOException boom = new IOException("boom");
    GatherHandle<String> handle =
        runner.any(
            List.of(
                Task.<String>async(() -> CompletableFuture.failedFuture(boom)),
                Task.<String>async(CompletableFuture::new)));
    ListenableFuture<String> view = GuavaGathers.toListenableFuture(handle);
    AtomicReference<Throwable> viaCallback = new AtomicReference<>();
    CountDownLatch called = new CountDownLatch(1);
    Futures.addCallback(
        view,
        new FutureCallback<String>() {
          @Override
          public void onSuccess(String result) {
            called.countDown();
          }

          @Override
          public void onFailure(Throwable failure) {
            viaCallback.set(failure);
            called.countDown();
          }
        },
        directExecutor());

    assertThat(handle.cancel()).isTrue();

    Throwable viaAwait = catchThrowable(() -> handle.await(Duration.ofSeconds(LONG_DELAY_SECONDS)));
    assertThat(viaAwait).isInstanceOf(CancellationException.class);
    assertThat(viaAwait.getSuppressed()).as("R9 via await()").containsExactly(boom);
    Throwable viaView = catchThrowable(() -> view.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS));
    assertThat(view.isCancelled()).isTrue();
    assertThat(viaView)
        .isInstanceOf(CancellationException.class)
        .cause()
        .isInstanceOf(CancellationException.class)
        .isNotSameAs(viaAwait) // each read of the handle makes its own (R8's caller's stack)
        .satisfies(
            gathers ->
                assertThat(gathers.getSuppressed())
                    .as("R9: the view's cancellation carries the failure seen before it")
                    .containsExactly(boom));
    assertThat(called.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(viaCallback.get())
        .isInstanceOf(CancellationException.class)
        .satisfies(failure -> assertThat(failure.getCause().getSuppressed()).containsExactly(boom));
    AtomicReference<Throwable> viaCatching = new AtomicReference<>();
    ListenableFuture<String> caught =
        Futures.catching(
            view,
            CancellationException.class,
            cancelled -> {
              viaCatching.set(cancelled);
              return "fallback";
            },
            directExecutor());
    assertThat(caught.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).isEqualTo("fallback");
    assertThat(viaCatching.get().getCause().getSuppressed()).containsExactly(boom);
  }

  /**
   * Proves that a view cancelled through its own {@code cancel} also keeps, once the gather has
   * completed, the failures seen before the cancellation, as the cause of what {@code get()}
   * throws.
   */
  @Test
  void aViewCancelledByItselfCarriesTheFailuresSeenBeforeOnceTheGatherCompleted() throws Exception {
    IOException boom = new IOException("boom");
    GatherHandle<String> handle =
        runner.any(
            List.of(
                Task.<String>async(() -> CompletableFuture.failedFuture(boom)),
                Task.<String>async(CompletableFuture::new)));
    ListenableFuture<String> view = GuavaGathers.toListenableFuture(handle);

    assertThat(view.cancel(false)).isTrue();

    Throwable viaAwait = catchThrowable(() -> handle.await(Duration.ofSeconds(LONG_DELAY_SECONDS)));
    assertThat(viaAwait).isInstanceOf(CancellationException.class);
    assertThat(viaAwait.getSuppressed()).containsExactly(boom);
    assertThat(view.isCancelled()).isTrue();
    assertThatThrownBy(() -> view.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class)
        .cause()
        .isInstanceOf(CancellationException.class)
        .satisfies(gathers -> assertThat(gathers.getSuppressed()).containsExactly(boom));
  }

  /**
   * Proves that a {@code CancellationException} thrown by a {@code both} combiner is the view's
   * failure, the very instance {@code await()} throws, and does not make the view cancelled: the
   * gather was not cancelled.
   */
  @Test
  void aCombinersCancellationExceptionIsTheViewsFailureNotACancellation() throws Exception {
    CancellationException fromCombiner = new CancellationException("the combiner's own");
    GatherHandle<String> handle =
        runner.both(
            Task.of(() -> "a"),
            Task.of(() -> "b"),
            (a, b) -> {
              throw fromCombiner;
            });
    ListenableFuture<String> view = GuavaGathers.toListenableFuture(handle);
    Throwable viaAwait = catchThrowable(() -> handle.await(Duration.ofSeconds(LONG_DELAY_SECONDS)));
    assertThat(viaAwait).as("await() throws the combiner's exception").isSameAs(fromCombiner);
    Throwable viaView = catchThrowable(() -> view.get(LONG_DELAY_SECONDS, TimeUnit.SECONDS));
    assertThat(view.isCancelled()).as("the gather was not cancelled").isFalse();
    assertThat(viaView).isInstanceOf(ExecutionException.class).cause().isSameAs(fromCombiner);
  }

  @Test
  void rejectsANullHandle() {
    assertThatThrownBy(() -> GuavaGathers.toListenableFuture(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("handle");
  }
}
