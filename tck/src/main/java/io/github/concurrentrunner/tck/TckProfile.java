package io.github.concurrentrunner.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.Outcome;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The profile a backend runs the kit in (see the contract's REMOTE profile). {@link #LOCAL}
 * backends run tasks in the caller's JVM; {@link #REMOTE} backends run blocking tasks in other
 * JVMs, which changes three things, and only these, in the kit:
 *
 * <ul>
 *   <li><b>Serializable tasks.</b> Blocking task bodies are sent through {@link #body(Callable)}:
 *       in the REMOTE profile it returns a serializable stand-in that carries only an id, and
 *       runs the kit's body, registered under that id in this JVM, wherever the stand-in is
 *       deserialized. The backend's members must therefore run in the test's JVM (embedded), so
 *       that the kit's latches and counters are shared; the transport, the remote threads,
 *       cancellation and the outcome's way back are the backend's real ones.
 *   <li><b>Exception equivalence instead of identity.</b> {@link #assertSameFailure} checks the
 *       same instance in the LOCAL profile, and in the REMOTE profile the same class, message,
 *       and classes along the cause chain.
 *   <li><b>Timing margins scaled by one factor.</b> The kit's delays are multiplied by the system
 *       property {@value #REMOTE_FACTOR_PROPERTY} (default 1) on top of {@code
 *       concurrentrunner.test.delayFactor}; a remote backend's build sets it (3 for Hazelcast on
 *       loopback).
 * </ul>
 */
public enum TckProfile {
  /** Tasks run in the caller's JVM: exceptions are the very instances tasks threw. */
  LOCAL,
  /** Blocking tasks run in other members (embedded in the test's JVM for the kit). */
  REMOTE;

  /** The system property holding the REMOTE profile's delay factor. */
  public static final String REMOTE_FACTOR_PROPERTY = "concurrentrunner.test.remoteFactor";

  private static final AtomicLong IDS = new AtomicLong();
  private static final Map<Long, Callable<?>> BODIES = new ConcurrentHashMap<>();

  /**
   * Returns a blocking task's body as the profile sends it: itself in the LOCAL profile, a
   * serializable stand-in in the REMOTE profile (see the class documentation).
   *
   * @param body the kit's body
   * @param <T> the result type
   * @return the body to put in the task
   */
  public <T> Callable<T> body(Callable<T> body) {
    if (this == LOCAL) {
      return body;
    }
    long id = IDS.incrementAndGet();
    BODIES.put(id, body);
    return new RegisteredBody<>(id);
  }

  /** Forgets the bodies registered by {@link #body(Callable)}; called after each test. */
  public static void forgetBodies() {
    BODIES.clear();
  }

  /**
   * Asserts that a failure a gather reports is the one a task threw: the same instance in the
   * LOCAL profile; in the REMOTE profile an equivalent one (same class and message, and the same
   * classes along the cause chain).
   *
   * @param actual what the runner reported
   * @param expected what the task threw
   */
  public void assertSameFailure(Throwable actual, Throwable expected) {
    if (this == LOCAL || expected == null) {
      assertThat(actual).isSameAs(expected);
      return;
    }
    assertThat(actual).as("the failure that came back").isNotNull();
    assertThat(actual.getClass()).as("the class of the failure that came back").isEqualTo(expected.getClass());
    assertThat(messageOf(actual)).as("the message of the failure that came back").isEqualTo(messageOf(expected));
    assertThat(causeClasses(actual)).as("the cause chain that came back").isEqualTo(causeClasses(expected));
  }

  /**
   * Asserts that an outcome is a failure with the task's exception, as {@link #assertSameFailure}.
   *
   * @param actual the outcome the runner recorded
   * @param expected what the task threw
   */
  public void assertFailureOutcome(Outcome<?> actual, Throwable expected) {
    assertThat(actual).isInstanceOf(Outcome.Failure.class);
    assertSameFailure(((Outcome.Failure<?>) actual).exception(), expected);
  }

  /**
   * Returns what to compare failures by in collections: the instances themselves in the LOCAL
   * profile (identity), and in the REMOTE profile a description of class, message and cause
   * classes.
   *
   * @param failures the failures
   * @return one comparable element per failure, in order
   */
  public List<Object> comparable(Collection<? extends Throwable> failures) {
    List<Object> result = new ArrayList<>();
    for (Throwable failure : failures) {
      result.add(
          this == LOCAL || failure == null
              ? failure
              : failure.getClass().getName()
                  + ": "
                  + messageOf(failure)
                  + " caused by "
                  + causeClasses(failure));
    }
    return result;
  }

  /**
   * Asserts that failures a runner reported are, in order, the ones tasks threw, compared as
   * {@link #assertSameFailure} compares one.
   *
   * @param actual what the runner reported
   * @param expected what the tasks threw, in order
   */
  public void assertSameFailures(Collection<? extends Throwable> actual, Throwable... expected) {
    assertThat(comparable(actual)).as("the failures that came back").isEqualTo(comparable(List.of(expected)));
  }

  /**
   * A failure's message, or where its {@code getMessage()} throws (a hostile exception, R27) a
   * description of that: the kit compares what it can read.
   */
  private static String messageOf(Throwable failure) {
    try {
      return String.valueOf(failure.getMessage());
    } catch (RuntimeException unreadable) {
      return "<getMessage() threw " + unreadable.getClass().getName() + ">";
    }
  }

  /** The classes along a cause chain, cycle-safe and bounded. */
  private static List<String> causeClasses(Throwable t) {
    List<String> classes = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable c = t.getCause(); c != null && seen.add(c) && classes.size() < 100; c = c.getCause()) {
      classes.add(c.getClass().getName());
    }
    return classes;
  }

  /** The REMOTE profile's stand-in for a body: only the id travels. */
  private static final class RegisteredBody<T> implements Callable<T>, Serializable {
    private static final long serialVersionUID = 1L;
    private final long id;

    RegisteredBody(long id) {
      this.id = id;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T call() throws Exception {
      Callable<?> body = BODIES.get(id);
      if (body == null) {
        throw new IllegalStateException(
            "the kit's body " + id + " is not registered in this JVM: in the REMOTE profile the"
                + " members must be embedded in the test's JVM, and bodies live for one test");
      }
      return (T) body.call();
    }

    @Override
    public String toString() {
      return "kit body " + id;
    }
  }
}
