package io.github.concurrentrunner.tck;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Foreign code at its worst, as the kit's rule R27-R29 tests hand it to a runner: exceptions whose
 * own methods throw or whose cause and suppressed graphs are cycles, stages and executors that
 * throw where nobody expects it, and a {@link Watch} that sees anything escaping onto a thread or
 * a console. Each is legal Java that a real library or application can produce.
 */
final class Hostile {
  private Hostile() {}

  /**
   * An exception whose {@code toString()}, {@code getMessage()} and {@code getLocalizedMessage()}
   * all throw: anything that describes it must fall back to its class name (R27).
   */
  static final class UnprintableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnprintableException() {
      this(null);
    }

    UnprintableException(Throwable cause) {
      super(null, cause, false, false); // no stack trace to fill: describing it is the test
    }

    @Override
    public String getMessage() {
      throw new IllegalStateException("getMessage() of an UnprintableException");
    }

    @Override
    public String getLocalizedMessage() {
      throw new IllegalStateException("getLocalizedMessage() of an UnprintableException");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("toString() of an UnprintableException");
    }
  }

  /**
   * An exception whose cause chain is a cycle, {@code a -> b -> a}, and whose suppressed lists
   * are one too ({@code a} suppresses {@code b}, which suppresses {@code a}).
   */
  static IllegalStateException cyclic(String name) {
    IllegalStateException a = new IllegalStateException(name + " (a)");
    IllegalStateException b = new IllegalStateException(name + " (b)", a);
    a.initCause(b);
    a.addSuppressed(b);
    b.addSuppressed(a);
    return a;
  }

  /**
   * A future whose stage methods misbehave: {@code whenComplete} (every variant, and {@code
   * handle}) throws {@code onObserve} if set, {@code toCompletableFuture()} throws {@code
   * onConvert} if set, and {@code cancel} throws {@code onCancel} if set.
   */
  static final class MisbehavingFuture<T> extends CompletableFuture<T> {
    private final RuntimeException onObserve;
    private final RuntimeException onConvert;
    private final RuntimeException onCancel;

    MisbehavingFuture(RuntimeException onObserve, RuntimeException onConvert, RuntimeException onCancel) {
      this.onObserve = onObserve;
      this.onConvert = onConvert;
      this.onCancel = onCancel;
    }

    private void observed() {
      if (onObserve != null) {
        throw onObserve;
      }
    }

    @Override
    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
      observed();
      return super.whenComplete(action);
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
      observed();
      return super.whenCompleteAsync(action);
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(
        BiConsumer<? super T, ? super Throwable> action, Executor executor) {
      observed();
      return super.whenCompleteAsync(action, executor);
    }

    @Override
    public <U> CompletableFuture<U> handle(
        java.util.function.BiFunction<? super T, Throwable, ? extends U> fn) {
      observed();
      return super.handle(fn);
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
      if (onConvert != null) {
        throw onConvert;
      }
      return this;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (onCancel != null) {
        throw onCancel;
      }
      return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }

  /**
   * A pending future that, when cancelled, fails with {@code failure} instead: an operation that
   * reports its own error while being stopped.
   */
  static final class FailingWhenCancelled<T> extends CompletableFuture<T> {
    private final RuntimeException failure;

    FailingWhenCancelled(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return completeExceptionally(failure);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }

  /**
   * Watches what must never happen while a hostile test runs (R27): an exception reaching a
   * thread's uncaught-exception handler (the default one, which every pool thread without its
   * own uses), anything printed to {@code System.out} or {@code System.err}. The runner's own
   * logger is captured quietly; the test asserts on its records. {@link #close()} restores
   * everything.
   */
  static final class Watch implements AutoCloseable {
    final List<String> uncaught = Collections.synchronizedList(new ArrayList<>());
    final LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner");
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream previousOut = System.out;
    private final PrintStream previousErr = System.err;
    private final Thread.UncaughtExceptionHandler previousHandler =
        Thread.getDefaultUncaughtExceptionHandler();

    Watch() {
      PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
      System.setOut(capture);
      System.setErr(capture);
      Thread.setDefaultUncaughtExceptionHandler(
          (thread, failure) -> uncaught.add(thread.getName() + ": " + failure.getClass().getName()));
    }

    /** Whatever was printed to the console while watching. */
    String printed() {
      return printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      System.setOut(previousOut);
      System.setErr(previousErr);
      Thread.setDefaultUncaughtExceptionHandler(previousHandler);
      log.close();
    }
  }

  /**
   * An exception whose {@code getCause()} blocks, ignoring interruption, until released or for
   * at most twice {@link Delays#LONG}: beyond the wait of {@code failureOf}.
   */
  static final class SlowCause extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CountDownLatch entered;
    private final transient CountDownLatch release;

    SlowCause(CountDownLatch entered, CountDownLatch release) {
      super("a sibling whose getCause() blocks");
      this.entered = entered;
      this.release = release;
    }

    @Override
    public synchronized Throwable getCause() {
      if (entered != null) {
        entered.countDown();
        awaitUninterruptibly(release, Delays.LONG.multipliedBy(2));
      }
      return super.getCause();
    }
  }

  /** Waits for a latch, at most {@link Delays#LONG}, ignoring interruption (a hostile callback). */
  static void awaitUninterruptibly(CountDownLatch latch) {
    awaitUninterruptibly(latch, Delays.LONG);
  }

  /** Waits for a latch, at most {@code patience}, ignoring interruption (a hostile callback). */
  static void awaitUninterruptibly(CountDownLatch latch, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    boolean interrupted = false;
    while (latch.getCount() > 0 && System.nanoTime() - deadline < 0) {
      try {
        latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
