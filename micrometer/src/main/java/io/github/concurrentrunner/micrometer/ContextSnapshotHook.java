package io.github.concurrentrunner.micrometer;

import io.github.concurrentrunner.ContextHook;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ContextHook} over Micrometer's <a
 * href="https://docs.micrometer.io/context-propagation/reference/">context-propagation</a>
 * library: at the start of a gather it captures every {@code ThreadLocalAccessor} of a {@link
 * ContextRegistry} (the SLF4J MDC, the current Observation, a tracing span, a security context:
 * whatever the application registered) into a {@link ContextSnapshot}, and around each task start
 * it {@linkplain ContextSnapshot#setThreadLocals() sets those thread-locals} and then restores the
 * starting thread's own (rule R30).
 *
 * <pre>{@code
 * ContextRegistry registry = new ContextRegistry()
 *     .registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
 * ConcurrentRunner runner = ConcurrentRunner.builder()
 *     .contextHook(ContextSnapshotHook.of(
 *         ContextSnapshotFactory.builder().contextRegistry(registry).build()))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe and stateless: one hook can serve any number of runners.
 */
public final class ContextSnapshotHook implements ContextHook {
  private final ContextSnapshotFactory factory;

  private ContextSnapshotHook(ContextSnapshotFactory factory) {
    this.factory = factory;
  }

  /**
   * A hook over the global {@link ContextRegistry#getInstance()}, which holds the accessors that
   * libraries register through {@link java.util.ServiceLoader}, and the accessors the application
   * registered on it.
   *
   * @return a hook capturing every accessor of the global registry
   */
  public static ContextSnapshotHook create() {
    return of(ContextSnapshotFactory.builder().build());
  }

  /**
   * A hook over a factory configured by the application (its registry, {@code clearMissing},
   * a predicate choosing the keys to capture).
   *
   * @param factory creates the snapshots; must not be null
   * @return a hook capturing with {@code factory}
   * @throws NullPointerException if {@code factory} is null
   */
  public static ContextSnapshotHook of(ContextSnapshotFactory factory) {
    return new ContextSnapshotHook(Objects.requireNonNull(factory, "factory"));
  }

  /**
   * Captures the calling thread's values of every accessor, with {@link
   * ContextSnapshotFactory#captureAll(Object...)}.
   *
   * @return the snapshot, activated around each task start
   */
  @Override
  public Captured capture() {
    ContextSnapshot snapshot = factory.captureAll();
    return () -> activate(snapshot);
  }

  /**
   * Sets the snapshot's thread-locals one key at a time, each with its own scope, so that an
   * accessor that throws (from {@code setValue}, or when restoring) leaves nothing of the
   * caller's context on the thread: {@link ContextSnapshot#setThreadLocals()} would leave the
   * keys set before it in place, and its scope would stop restoring at the first that throws.
   */
  private static ContextHook.Scope activate(ContextSnapshot snapshot) {
    List<Object> keys = new ArrayList<>();
    snapshot
        .setThreadLocals(
            key -> {
              keys.add(key); // the keys the snapshot would set or clear, in its order
              return false;
            })
        .close();
    List<ContextSnapshot.Scope> opened = new ArrayList<>(keys.size());
    try {
      for (Object key : keys) {
        opened.add(snapshot.setThreadLocals(key::equals));
      }
    } catch (Throwable setFailed) {
      closeAll(opened, setFailed);
      throw setFailed;
    }
    return () -> closeAll(opened, null);
  }

  /**
   * Closes the scopes in reverse order, each whatever the others throw; throws the first failure,
   * or adds it to {@code pending} as suppressed if there is one.
   */
  private static void closeAll(List<ContextSnapshot.Scope> scopes, Throwable pending) {
    Throwable first = pending;
    for (int i = scopes.size() - 1; i >= 0; i--) {
      try {
        scopes.get(i).close();
      } catch (Throwable closeFailed) { // whatever it is, the other keys are restored
        if (first == null) {
          first = closeFailed;
        } else if (closeFailed != first) { // the same instance twice cannot suppress itself
          first.addSuppressed(closeFailed);
        }
      }
    }
    if (pending == null && first != null) {
      throwUnchecked(first);
    }
  }

  /** Throws any throwable as it is: a scope's close() that threw a checked exception sneakily. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void throwUnchecked(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public String toString() {
    return "ContextSnapshotHook{" + factory + '}';
  }
}
