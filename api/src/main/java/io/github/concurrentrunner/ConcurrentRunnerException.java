package io.github.concurrentrunner;

import org.jspecify.annotations.Nullable;

/**
 * The base of the exceptions concurrent-runner throws for the outcome of a gather. Each subclass
 * names the backend, and where it concerns one task, that task's index and name.
 */
public abstract class ConcurrentRunnerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The backend's name, or {@code null} if not known. */
  private final @Nullable String backend;

  /**
   * Creates an exception.
   *
   * @param backend the backend's name, or {@code null}
   * @param message the detail message
   * @param cause the cause, or {@code null}
   */
  protected ConcurrentRunnerException(
      @Nullable String backend, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.backend = backend;
  }

  /**
   * Returns the name of the backend that ran the gather.
   *
   * @return the backend's name, or {@code null} when not known
   */
  public @Nullable String backend() {
    return backend;
  }

  /**
   * Describes a foreign exception for messages: its {@code toString()}, or, when that throws or
   * returns null, its class name (rule R27). Never throws.
   */
  static String describe(Throwable failure) {
    return Foreign.describe(failure);
  }

  /** Describes a task for messages, such as {@code task 3 ('profile')}. */
  static String describe(int index, String name) {
    String base = index < 0 ? "task" : "task " + index;
    return name == null ? base : base + " ('" + name + "')";
  }

  /** Describes a backend for messages, such as {@code  on backend 'guava'}, or nothing. */
  static String on(String backend) {
    return backend == null ? "" : " on backend '" + backend + "'";
  }
}
