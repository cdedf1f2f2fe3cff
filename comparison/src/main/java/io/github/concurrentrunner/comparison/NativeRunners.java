package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.ConcurrentRunner;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The native runners: one {@link ConcurrentRunner} per library aggregate, written as a careful
 * user writes it by hand, with no engine. They exist to be compared with the backends (the
 * conformance matrix, the benchmarks) and are deliberately not discoverable: there is no {@code
 * META-INF/services} entry for them, so {@code ConcurrentRunner.create()} never picks one. Build
 * one with {@link #create(String, Executor)}.
 *
 * <p>One of them, {@value #STRUCTURED_TASK_SCOPE}, uses JDK 25's {@code StructuredTaskScope}, a
 * preview API: it is compiled only on JDK 25 (the {@code comparison} module's {@code jdk25}
 * profile, source folder {@code src/main/java25}) and can be loaded only by a JDK 25 JVM started
 * with {@code --enable-preview}. Nothing here refers to it at compile time: it is looked up by
 * name, and it is among {@link #names()} only where it loads.
 */
public final class NativeRunners {

  /** The name of the {@code StructuredTaskScope} runner (JDK 25 with preview features only). */
  public static final String STRUCTURED_TASK_SCOPE = "jdk-structuredtaskscope";

  /** Its constructor ({@code (Executor)}), or null where the class does not load. */
  private static final Constructor<? extends ConcurrentRunner> STRUCTURED =
      constructor("io.github.concurrentrunner.comparison.StructuredTaskScopeNative");

  private NativeRunners() {}

  private static Constructor<? extends ConcurrentRunner> constructor(String className) {
    try {
      return Class.forName(className, true, NativeRunners.class.getClassLoader())
          .asSubclass(ConcurrentRunner.class)
          .getDeclaredConstructor(Executor.class);
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      // not compiled (JDK before 25), or preview features not enabled in this JVM
      // (UnsupportedClassVersionError), or another JDK than the one it was compiled for
      return null;
    }
  }

  /**
   * The names of the native runners, in matrix order.
   *
   * @return the names, such as {@code cf-allof}
   */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(CompletableFutureNative.NAME);
    names.add(GuavaNative.Flavour.ALL_AS_LIST.implementation);
    names.add(GuavaNative.Flavour.SUCCESSFUL_AS_LIST.implementation);
    names.add(RxJavaNative.NAME);
    names.add(ReactorNative.NAME);
    if (STRUCTURED != null) {
      names.add(STRUCTURED_TASK_SCOPE);
    }
    return names;
  }

  /**
   * Whether a name is a native runner's.
   *
   * @param name a name
   * @return true for a native runner's name
   */
  public static boolean isNative(String name) {
    return names().contains(name);
  }

  /**
   * The library a native runner uses, named as the backend on that library is (so that a report
   * can compare it with the raw use of its library): {@code completablefuture}, {@code guava},
   * {@code rxjava}, {@code reactor} or {@code jdk}.
   *
   * @param name one of {@link #names()}
   * @return the library's name
   */
  public static String library(String name) {
    if (name.startsWith("cf-")) {
      return "completablefuture";
    }
    return name.substring(0, name.indexOf('-'));
  }

  /**
   * Creates a native runner.
   *
   * @param name one of {@link #names()}
   * @param executor the executor for blocking tasks, or null for a cached pool the runner owns
   * @return a new runner; close it
   * @throws IllegalArgumentException if no native runner has that name
   */
  public static ConcurrentRunner create(String name, Executor executor) {
    return switch (name) {
      case CompletableFutureNative.NAME -> new CompletableFutureNative(executor);
      case "guava-allaslist" -> new GuavaNative(GuavaNative.Flavour.ALL_AS_LIST, executor);
      case "guava-successfulaslist" ->
          new GuavaNative(GuavaNative.Flavour.SUCCESSFUL_AS_LIST, executor);
      case RxJavaNative.NAME -> new RxJavaNative(executor);
      case ReactorNative.NAME -> new ReactorNative(executor);
      case STRUCTURED_TASK_SCOPE -> structuredTaskScope(executor);
      default -> throw new IllegalArgumentException(
          "no native runner named '" + name + "'; available: " + names());
    };
  }

  private static ConcurrentRunner structuredTaskScope(Executor executor) {
    if (STRUCTURED == null) {
      throw new IllegalArgumentException(
          STRUCTURED_TASK_SCOPE + " needs JDK 25 started with --enable-preview (this is JDK "
              + Runtime.version() + "); available: " + names());
    }
    try {
      return STRUCTURED.newInstance(executor);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(STRUCTURED_TASK_SCOPE + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(STRUCTURED_TASK_SCOPE + ": " + e, e);
    }
  }
}
