package io.github.concurrentrunner;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * The REMOTE profile's check at the call: when the backend's driver {@linkplain
 * io.github.concurrentrunner.spi.TaskDriver#requiresSerializableTasks() requires serializable
 * tasks}, every blocking task's callable must serialize, or the call fails with an {@link
 * IllegalArgumentException} naming the task's index before any task starts (the spirit of rule
 * R4).
 *
 * <p>The callable is really serialized, into a stream that discards the bytes: {@code instanceof
 * Serializable} would accept a serializable lambda that captured an unserializable object, which
 * would then fail on its way to the member, after its siblings started. Async tasks are not
 * checked: an async task is started in the caller's JVM by definition (its stage is observed
 * there), so nothing of it travels.
 */
final class SerializableTasks {
  private SerializableTasks() {}

  static void require(Task<?>[] tasks, String backend) {
    for (int i = 0; i < tasks.length; i++) {
      if (tasks[i] instanceof Task.Blocking<?> blocking) {
        Object callable = blocking.callable();
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
          out.writeObject(callable);
        } catch (IOException | RuntimeException notSerializable) {
          // A NotSerializableException's message names the class that could not be written; any
          // other exception comes from user code (a writeObject), whose methods are not called.
          String what =
              notSerializable instanceof NotSerializableException
                  ? "class " + notSerializable.getMessage() + " is not Serializable"
                  : "writing it threw " + notSerializable.getClass().getName();
          throw new IllegalArgumentException(
              ConcurrentRunnerException.describe(i, blocking.name())
                  + " cannot be sent to backend '"
                  + backend
                  + "', which runs blocking tasks in another JVM: its callable ("
                  + callable.getClass().getName()
                  + ") does not serialize: "
                  + what
                  + ". Use a class implementing Callable<T> and Serializable, or a lambda cast to"
                  + " (Callable<T> & Serializable) that captures only serializable values",
              notSerializable);
        }
      }
    }
  }
}
