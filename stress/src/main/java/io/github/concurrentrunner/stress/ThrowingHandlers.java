package io.github.concurrentrunner.stress;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runners whose failure handler counts each event's failure and then throws (rule R27), one per
 * backend, shared like {@link StressRunners}' runners; and a count of what the runners log when a
 * handler throws, taken from the library's logger, which is kept off the console.
 */
final class ThrowingHandlers {
  /** Held strongly: java.util.logging keeps loggers weakly. */
  private static final Logger LOG = Logger.getLogger("io.github.concurrentrunner");

  private static final Map<Throwable, Integer> REPORTED =
      Collections.synchronizedMap(new IdentityHashMap<>());
  private static final Map<Throwable, Integer> LOGGED =
      Collections.synchronizedMap(new IdentityHashMap<>());
  private static final List<Runner> RUNNERS = runners();
  private static final AtomicInteger NEXT = new AtomicInteger();

  static {
    LOG.setUseParentHandlers(false);
    LOG.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            Throwable thrown = record.getThrown();
            if (thrown != null) {
              for (Throwable suppressed : thrown.getSuppressed()) {
                LOGGED.merge(suppressed, 1, Integer::sum);
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  private ThrowingHandlers() {}

  /** A shared runner and what its handler and logger saw. */
  record Runner(ConcurrentRunner runner) {
    /** How often the handler received this very failure; forgets it. */
    int takeReported(Throwable failure) {
      Integer count = REPORTED.remove(failure);
      return count == null ? 0 : count;
    }

    /** How often the runner logged this failure with the handler's exception; forgets it. */
    int takeLogged(Throwable failure) {
      Integer count = LOGGED.remove(failure);
      return count == null ? 0 : count;
    }
  }

  static Runner next() {
    return RUNNERS.get(Math.floorMod(NEXT.getAndIncrement(), RUNNERS.size()));
  }

  private static void handle(FailureEvent event) {
    REPORTED.merge(event.failure(), 1, Integer::sum);
    throw new IllegalStateException("the failure handler is broken (deliberately)");
  }

  private static List<Runner> runners() {
    List<Runner> runners = new ArrayList<>();
    for (ConcurrentRunner runner : StressRunners.withHandler(ThrowingHandlers::handle)) {
      runners.add(new Runner(runner));
    }
    return List.copyOf(runners);
  }
}
