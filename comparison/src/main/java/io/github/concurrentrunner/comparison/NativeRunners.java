package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.ConcurrentRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The native runners: one {@link ConcurrentRunner} per library aggregate, written as a careful
 * user writes it by hand, with no engine. They exist to be compared with the backends (the
 * conformance matrix, the benchmarks) and are deliberately not discoverable: there is no {@code
 * META-INF/services} entry for them, so {@code ConcurrentRunner.create()} never picks one. Build
 * one with {@link #create(String, Executor)}.
 */
public final class NativeRunners {

  private NativeRunners() {}

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
   * {@code rxjava} or {@code reactor}.
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
      default -> throw new IllegalArgumentException(
          "no native runner named '" + name + "'; available: " + names());
    };
  }
}
