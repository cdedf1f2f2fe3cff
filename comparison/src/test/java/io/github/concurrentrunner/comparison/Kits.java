package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureHandler;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.tck.ConcurrentRunnerTck;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Hooks;

/**
 * The TCK, unchanged, against each implementation of the matrix. These classes run only through
 * {@link ConformanceRun} (their names match none of surefire's patterns, and surefire skips nested
 * classes): on their own most of them fail, as the matrix shows.
 */
final class Kits {

  /** Errors RxJava and Reactor could deliver to no one (second failures after a verdict). */
  static final AtomicInteger UNDELIVERABLE = new AtomicInteger();

  /**
   * Guava's aggregates log an input's {@code Error} at SEVERE with its stack trace (through this
   * logger, held here so that its level stays set); the matrix records what the gather did
   * instead, so that a green build prints no stack trace.
   */
  private static final Logger GUAVA_AGGREGATE =
      Logger.getLogger("com.google.common.util.concurrent.AggregateFuture");

  private Kits() {}

  /**
   * The kit of every implementation this JVM can run, in matrix order: the natives, then the
   * backends. The {@code StructuredTaskScope} runner's only where it loads (JDK 25 with {@code
   * --enable-preview}; see {@link NativeRunners}).
   */
  static Map<String, Class<? extends ConcurrentRunnerTck>> all() {
    Map<String, Class<? extends ConcurrentRunnerTck>> kits = new LinkedHashMap<>();
    kits.put("cf-allof", CompletableFutureKit.class);
    kits.put("guava-allaslist", GuavaAllAsListKit.class);
    kits.put("guava-successfulaslist", GuavaSuccessfulAsListKit.class);
    kits.put("rxjava-zip", RxJavaKit.class);
    kits.put("reactor-zip", ReactorKit.class);
    if (NativeRunners.names().contains(NativeRunners.STRUCTURED_TASK_SCOPE)) {
      kits.put(NativeRunners.STRUCTURED_TASK_SCOPE, StructuredTaskScopeKit.class);
    }
    kits.put("completablefuture", CompletableFutureBackendKit.class);
    kits.put("guava", GuavaBackendKit.class);
    kits.put("rxjava", RxJavaBackendKit.class);
    return kits;
  }

  /** The backends' names, the last columns of the matrix. */
  static final List<String> BACKENDS = List.of("completablefuture", "guava", "rxjava");

  /**
   * The kit with the global threads of the libraries (and of the JDK's timers) left out of the
   * thread-leak check.
   */
  abstract static class Base extends ConcurrentRunnerTck {
    static {
      // Both libraries print errors they can deliver to no one with their stack traces by
      // default; the matrix run counts them instead, so that its output stays readable.
      RxJavaPlugins.setErrorHandler(e -> UNDELIVERABLE.incrementAndGet());
      Hooks.onErrorDropped(e -> UNDELIVERABLE.incrementAndGet());
      GUAVA_AGGREGATE.setLevel(Level.OFF);
    }

    @Override
    protected boolean isLibraryThread(Thread thread) {
      String name = thread.getName();
      return name.startsWith("Rx")
          || name.startsWith("parallel-")
          || name.startsWith("boundedElastic-")
          || name.startsWith("reactor-")
          || name.startsWith("single-")
          || name.equals("CompletableFutureDelayScheduler")
          // JDK 25's StructuredTaskScope schedules withTimeout on the common pool: its delay
          // scheduler and a worker outlive the runner, as CompletableFuture's timer does
          || name.equals("ForkJoinPool.commonPool-delayScheduler")
          || name.startsWith("ForkJoinPool.commonPool-worker-");
    }
  }

  /**
   * The kit against a native runner: the runner is built by {@link NativeRunners#create} on the
   * kit's executor; the failure handler is not used, since no library aggregate has one.
   */
  abstract static class NativeKit extends Base {
    /** The native runner's name. */
    abstract String name();

    @Override
    protected ConcurrentRunnerProvider provider() {
      return Providers.nativeRunner(name());
    }

    @Override
    protected ConcurrentRunner build(Executor executor, FailureHandler handler) {
      return NativeRunners.create(name(), executor);
    }
  }

  /** {@code CompletableFuture.allOf}. */
  static class CompletableFutureKit extends NativeKit {
    @Override
    String name() {
      return "cf-allof";
    }
  }

  /** Guava's {@code allAsList}. */
  static class GuavaAllAsListKit extends NativeKit {
    @Override
    String name() {
      return "guava-allaslist";
    }
  }

  /** Guava's {@code successfulAsList}. */
  static class GuavaSuccessfulAsListKit extends NativeKit {
    @Override
    String name() {
      return "guava-successfulaslist";
    }
  }

  /** RxJava's {@code Single.zip}. */
  static class RxJavaKit extends NativeKit {
    @Override
    String name() {
      return "rxjava-zip";
    }
  }

  /** Reactor's {@code Mono.zip}. */
  static class ReactorKit extends NativeKit {
    @Override
    String name() {
      return "reactor-zip";
    }
  }

  /** JDK 25's {@code StructuredTaskScope} (preview). */
  static class StructuredTaskScopeKit extends NativeKit {
    @Override
    String name() {
      return NativeRunners.STRUCTURED_TASK_SCOPE;
    }
  }

  /** The CompletableFuture backend. */
  static class CompletableFutureBackendKit extends Base {
    @Override
    protected ConcurrentRunnerProvider provider() {
      return Providers.backend("completablefuture");
    }
  }

  /** The Guava backend. */
  static class GuavaBackendKit extends Base {
    @Override
    protected ConcurrentRunnerProvider provider() {
      return Providers.backend("guava");
    }
  }

  /** The RxJava backend. */
  static class RxJavaBackendKit extends Base {
    @Override
    protected ConcurrentRunnerProvider provider() {
      return Providers.backend("rxjava");
    }
  }
}
