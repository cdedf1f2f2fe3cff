package io.github.concurrentrunner.spi;

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
}
