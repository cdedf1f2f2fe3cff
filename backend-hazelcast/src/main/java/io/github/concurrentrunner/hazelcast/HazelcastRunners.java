package io.github.concurrentrunner.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureHandler;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import java.util.Objects;

/**
 * Builds runners whose blocking tasks run on the members of a Hazelcast cluster. The runner runs
 * on a member (or a lite member) that the application supplies, not on a client: a client loses
 * custom exception types.
 *
 * <pre>{@code
 * try (ConcurrentRunner runner = HazelcastRunners.create(member)) {
 *   // ...
 *   Task<String> a = HazelcastTasks.of("A", () -> {
 *     Thread.sleep(2_000); // stands for a slow, CPU-heavy or data-local piece of work
 *     return "A slept 2 s";
 *   });
 *   // ...
 *   List<String> results = runner.all(List.of(a, b)).await();
 *   // ...
 * }
 * }</pre>
 *
 * <p>What changes from a local backend (the contract's REMOTE profile):
 *
 * <ul>
 *   <li>blocking tasks must be {@link java.io.Serializable} (checked at the call: an {@link
 *       IllegalArgumentException} names the index), and so must their results and exceptions; an
 *       outcome that cannot travel back fails its task with {@link RemoteSerializationException};
 *   <li>a task's exception comes back equivalent (same class, message, causes and suppressed),
 *       not the same instance;
 *   <li>a member that leaves fails its unfinished tasks with {@link TaskLostException}, at most
 *       once; only {@linkplain HazelcastTasks#idempotent tasks declared idempotent} are re-run;
 *   <li>a cancelled task counts as finished when its body has exited on its member (or the member
 *       is gone); one that ignores interruption is reported as leaked after the grace period;
 *   <li>async tasks, {@code maxConcurrency}, timeouts and timers stay on the caller's side;
 *       timeouts never depend on Hazelcast's heartbeat.
 * </ul>
 *
 * <p>Closing the runner does not shut the member down: the application owns it.
 */
public final class HazelcastRunners {
  /** The name of the {@code IExecutorService} that runs tasks, unless the builder names another. */
  public static final String DEFAULT_EXECUTOR = "concurrent-runner";

  /** The name of the {@code IExecutorService} that carries cancellations to members. */
  public static final String CONTROL_EXECUTOR = "concurrent-runner-control";

  /** How many times an idempotent task is re-run after losing its member, by default. */
  public static final int DEFAULT_IDEMPOTENT_RERUNS = 2;

  private HazelcastRunners() {}

  /**
   * Creates a runner on a member with the defaults: executor {@value #DEFAULT_EXECUTOR}, the
   * logging failure handler.
   *
   * @param hazelcast a running member or lite member of the cluster
   * @return a new runner; close it when done
   */
  public static ConcurrentRunner create(HazelcastInstance hazelcast) {
    return builder(hazelcast).build();
  }

  /**
   * Returns a builder of runners on a member.
   *
   * @param hazelcast a running member or lite member of the cluster
   * @return a new builder
   */
  public static Builder builder(HazelcastInstance hazelcast) {
    return new Builder(Objects.requireNonNull(hazelcast, "hazelcast"));
  }

  /** Builds Hazelcast runners. Not thread-safe; reusable. */
  public static final class Builder {
    private final HazelcastInstance hazelcast;
    private String executorName = DEFAULT_EXECUTOR;
    private int idempotentReruns = DEFAULT_IDEMPOTENT_RERUNS;
    private FailureHandler failureHandler = FailureHandler.logging();

    private Builder(HazelcastInstance hazelcast) {
      this.hazelcast = hazelcast;
    }

    /**
     * Names the {@code IExecutorService} whose threads run the tasks on each member; configure its
     * pool size on the members ({@code config.getExecutorConfig(name).setPoolSize(..)}; {@link
     * EmbeddedMember.Builder#executorPoolSize(int)} sizes the default one, {@value
     * #DEFAULT_EXECUTOR}).
     *
     * @param executorName the name; must not be null or blank
     * @return this builder
     * @throws NullPointerException if {@code executorName} is null
     * @throws IllegalArgumentException if {@code executorName} is blank
     */
    public Builder executorName(String executorName) {
      Objects.requireNonNull(executorName, "executorName");
      if (executorName.isBlank()) {
        throw new IllegalArgumentException(
            "executorName must not be blank but was '" + executorName + "'");
      }
      this.executorName = executorName;
      return this;
    }

    /**
     * Sets how many times a task declared {@linkplain HazelcastTasks#idempotent idempotent} is
     * re-run on another member after losing its member; other tasks are never re-run.
     *
     * @param idempotentReruns zero or more
     * @return this builder
     */
    public Builder idempotentReruns(int idempotentReruns) {
      if (idempotentReruns < 0) {
        throw new IllegalArgumentException(
            "idempotentReruns must not be negative but was " + idempotentReruns);
      }
      this.idempotentReruns = idempotentReruns;
      return this;
    }

    /**
     * Sets where failures that no caller can see go (rule R11).
     *
     * @param failureHandler the handler; must not be null
     * @return this builder
     */
    public Builder failureHandler(FailureHandler failureHandler) {
      this.failureHandler = Objects.requireNonNull(failureHandler, "failureHandler");
      return this;
    }

    /**
     * Returns a provider of runners on this member, for {@code
     * ConcurrentRunner.builder().provider(...)} and other APIs that take a provider; the failure
     * handler is the builder's business there.
     *
     * @return a provider bound to this member, not registered for discovery
     */
    public ConcurrentRunnerProvider provider() {
      return new HazelcastRunnerProvider(hazelcast, executorName, idempotentReruns);
    }

    /**
     * Builds a runner.
     *
     * @return a new runner; close it when done
     */
    public ConcurrentRunner build() {
      return ConcurrentRunner.builder().provider(provider()).failureHandler(failureHandler).build();
    }
  }
}
