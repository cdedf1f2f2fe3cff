package io.github.concurrentrunner.hazelcast;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/*
 * A remote task's exit, as it travels back: the member serializes the outcome itself (Java
 * serialization, into bytes that Hazelcast carries), so that an outcome that cannot travel is
 * caught on the member and named (the class that failed, and the original exception's class and
 * message), instead of surfacing as an anonymous HazelcastSerializationException; and so that
 * exceptions come back by the same means from every member, the caller's own included (where
 * Hazelcast would otherwise hand back the very instance).
 */
final class Exits {
  static final byte VALUE = 0;
  static final byte FAILURE = 1;
  static final byte NOT_STARTED = 2;
  static final byte UNSERIALIZABLE = 3;

  private Exits() {}

  /** What the caller reads back. */
  record Exit(byte kind, Object payload) {}

  /** Why an outcome could not travel, described on the member. */
  record Unserializable(String what, String className, String detail) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  static byte[] notStarted() {
    return write(NOT_STARTED, null);
  }

  /** Serializes the body's outcome on the member. */
  static byte[] encode(Object value, Throwable failure) {
    byte kind = failure == null ? VALUE : FAILURE;
    Object payload = failure == null ? value : failure;
    try {
      return writeOrThrow(kind, payload);
    } catch (Throwable cannot) { // NotSerializableException, or a writeObject that throws
      String className =
          cannot instanceof NotSerializableException && cannot.getMessage() != null
              ? cannot.getMessage()
              : payload.getClass().getName();
      String what =
          failure == null
              ? "its result (of class " + payload.getClass().getName() + ")"
              : "its exception " + describe(failure);
      return write(
          UNSERIALIZABLE,
          new Unserializable(
              what, className, cannot.getClass().getName() + ": " + safeMessage(cannot)));
    }
  }

  /** Reads an exit on the caller; throws if the bytes name a class the caller cannot load. */
  static Exit decode(byte[] bytes) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes))) {
      byte kind = in.readByte();
      return new Exit(kind, in.readObject());
    }
  }

  /** Describes an exception without trusting its methods (rule R27): class and message. */
  static String describe(Throwable failure) {
    String message = safeMessage(failure);
    return failure.getClass().getName() + (message == null ? "" : " ('" + message + "')");
  }

  private static String safeMessage(Throwable failure) {
    try {
      return failure.getMessage();
    } catch (Throwable t) { // a hostile getMessage: fall back to the class name (R27)
      return null;
    }
  }

  private static byte[] write(byte kind, Object payload) {
    try {
      return writeOrThrow(kind, payload);
    } catch (IOException e) { // our own payloads are strings: cannot happen
      throw new IllegalStateException("cannot serialize an exit record", e);
    }
  }

  private static byte[] writeOrThrow(byte kind, Object payload) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeByte(kind);
      out.writeObject(payload);
    }
    return bytes.toByteArray();
  }

  /** Resolves classes with the thread's context class loader first, as Hazelcast does. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    LoaderObjectInputStream(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader != null) {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException notThere) {
          // fall back to the default resolution below
        }
      }
      return super.resolveClass(desc);
    }
  }
}
