package io.github.concurrentrunner.hazelcast;

/**
 * A remote task's callable, result or exception could not travel between the caller and the
 * member: it (or something it refers to) is not serializable, or its class is missing on the
 * receiving side. The task fails with this exception; the message names the task and the class.
 * The original exception, when there was one, is described in the message (its class and
 * message): it could not be brought back itself.
 */
public class RemoteSerializationException extends RemoteTaskException {
  private static final long serialVersionUID = 1L;

  /** The name of the class that could not be serialized or deserialized. */
  private final String className;

  /**
   * Creates the exception.
   *
   * @param backend the backend's name
   * @param taskIndex the task's index in its gather
   * @param taskName the task's name, or {@code null}
   * @param className the class that could not be serialized or deserialized
   * @param message what could not travel and why
   * @param cause the serialization failure seen on this side, or {@code null} when it happened on
   *     the member
   */
  public RemoteSerializationException(
      String backend,
      int taskIndex,
      String taskName,
      String className,
      String message,
      Throwable cause) {
    super(backend, taskIndex, taskName, " on backend '" + backend + "': " + message, cause);
    this.className = className;
  }

  /**
   * Returns the name of the class that could not be serialized or deserialized.
   *
   * @return the class name
   */
  public String className() {
    return className;
  }
}
