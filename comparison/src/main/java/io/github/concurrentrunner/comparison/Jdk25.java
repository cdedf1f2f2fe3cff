package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.ConcurrentRunner;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The {@code StructuredTaskScope} runner, which exists only when this module was built on JDK 25
 * (the {@code jdk25} profile compiles it with {@code --enable-preview}) and runs only on a JVM
 * started with {@code --enable-preview}: looked up by name, so that the JDK 17 build has no
 * reference to it.
 */
final class Jdk25 {
  /** The implementation's name. */
  static final String NAME = "jdk-structured";

  private static final String CLASS = "io.github.concurrentrunner.comparison.StructuredNative";

  private Jdk25() {}

  static List<String> names() {
    return load().isPresent() ? List.of(NAME) : List.of();
  }

  static Optional<ConcurrentRunner> create(String name, Executor executor) {
    if (!name.equals(NAME)) {
      return Optional.empty();
    }
    return load().map(type -> {
      try {
        return (ConcurrentRunner)
            type.getDeclaredConstructor(Executor.class).newInstance(executor);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create " + NAME, e);
      }
    });
  }

  private static Optional<Class<?>> load() {
    try {
      return Optional.of(Class.forName(CLASS));
    } catch (ClassNotFoundException | LinkageError e) {
      // built on JDK 17, or a JVM without --enable-preview (UnsupportedClassVersionError)
      return Optional.empty();
    }
  }
}
