package io.github.concurrentrunner.benchmarks;

import java.util.Locale;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Which library a {@code raw} benchmark uses by hand. The values are the names of the backends
 * built on each library, so that the report pairs each backend with the raw use of its own
 * library. These baselines always exist, whichever backends are on the class path.
 */
@State(Scope.Benchmark)
public class LibraryState {
  /** The libraries of the first-party backends. */
  public enum Library {
    /** {@code java.util.concurrent.CompletableFuture}: {@code allOf} + collect. */
    COMPLETABLEFUTURE,
    /** Guava: {@code Futures.allAsList}. */
    GUAVA,
    /** RxJava 3: {@code Single.zip}. */
    RXJAVA
  }

  /** The library's name: {@code completablefuture}, {@code guava} or {@code rxjava}. */
  @Param({"completablefuture", "guava", "rxjava"})
  public String library;

  /** {@link #library} resolved. */
  public Library resolved;

  /** Creates the state; JMH calls it. */
  public LibraryState() {}

  /** Resolves the parameter. */
  @Setup(Level.Trial)
  public void resolve() {
    resolved = Library.valueOf(library.toUpperCase(Locale.ROOT));
  }
}
