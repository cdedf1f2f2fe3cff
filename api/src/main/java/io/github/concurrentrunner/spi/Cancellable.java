package io.github.concurrentrunner.spi;

import java.util.concurrent.CompletionStage;

/**
 * Cancels something a {@link TaskDriver} started: an async task's operation or a timer. Calling it
 * more than once, or after the thing completed, has no effect.
 */
@FunctionalInterface
public interface Cancellable {

  /** A {@code Cancellable} that does nothing. */
  Cancellable NOTHING = () -> {};

  /** Cancels, best effort. Must not block and must not throw. */
  void cancel();

  /**
   * Returns a {@code Cancellable} that cancels an async task's stage the way every driver should:
   * {@code stage.toCompletableFuture().cancel(true)}. A stage that cannot be converted (its {@code
   * toCompletableFuture} throws {@link UnsupportedOperationException}) cannot be cancelled; if it
   * never completes, the engine reports the task as leaked after the grace period (R10).
   *
   * @param stage the stage an async task returned
   * @return an action that cancels it
   */
  static Cancellable of(CompletionStage<?> stage) {
    return () -> {
      try {
        stage.toCompletableFuture().cancel(true);
      } catch (UnsupportedOperationException cannotCancel) {
        // see the Javadoc: left to the grace period
      }
    };
  }
}
