package io.github.concurrentrunner;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;

/**
 * The options of one gather: immutable, thread-safe, built by a {@link Builder} whose setters
 * reject a bad value at once, naming it. Unset options mean: no timeout, no per-task timeout, no
 * concurrency bound, the runner's executor, and a grace period of {@linkplain #DEFAULT_GRACE_PERIOD
 * one second}.
 *
 * <p>Every duration option takes any non-negative {@link Duration} (rule R28). Durations beyond
 * what a {@code long} of nanoseconds holds (about 292 years), such as {@code
 * ChronoUnit.FOREVER.getDuration()}, saturate as {@link java.util.concurrent.TimeUnit#convert}
 * does and mean "practically never"; the options return them as given.
 *
 * <pre>{@code
 * GatherOptions options = GatherOptions.builder()
 *     .timeout(Duration.ofSeconds(5))      // the whole gather (R15)
 *     .taskTimeout(Duration.ofSeconds(1))  // each task, from its own start (R16)
 *     .maxConcurrency(32)                  // at most 32 tasks running at once (R2)
 *     .build();
 * }</pre>
 */
public final class GatherOptions {

  /** The grace period used when none is set: one second. */
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(1);

  private static final GatherOptions DEFAULTS = new Builder().build();

  private final Duration timeout;
  private final Duration taskTimeout;
  private final int maxConcurrency;
  private final Executor executor;
  private final Duration gracePeriod;
  private final ContextHook contextHook;

  private GatherOptions(Builder builder) {
    this.timeout = builder.timeout;
    this.taskTimeout = builder.taskTimeout;
    this.maxConcurrency = builder.maxConcurrency;
    this.executor = builder.executor;
    this.gracePeriod = builder.gracePeriod;
    this.contextHook = builder.contextHook;
  }

  /**
   * Returns the options with nothing set.
   *
   * @return the default options
   */
  public static GatherOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a new builder with nothing set.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from these options.
   *
   * @return a builder holding a copy of these options
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.timeout = timeout;
    builder.taskTimeout = taskTimeout;
    builder.maxConcurrency = maxConcurrency;
    builder.executor = executor;
    builder.gracePeriod = gracePeriod;
    builder.contextHook = contextHook;
    return builder;
  }

  /**
   * Returns the timeout of the whole gather.
   *
   * @return the timeout, or empty for none
   */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /**
   * Returns the timeout of each task, measured from its own start.
   *
   * @return the per-task timeout, or empty for none
   */
  public Optional<Duration> taskTimeout() {
    return Optional.ofNullable(taskTimeout);
  }

  /**
   * Returns the most tasks that may run at once.
   *
   * @return the bound, or empty for no bound
   */
  public OptionalInt maxConcurrency() {
    return maxConcurrency == 0 ? OptionalInt.empty() : OptionalInt.of(maxConcurrency);
  }

  /**
   * Returns the executor that runs this gather's blocking tasks.
   *
   * @return the executor, or empty to use the runner's
   */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  /**
   * Returns how long a gather waits for a cancelled task to finish before it reports the task as
   * leaked and completes without it (rule R10).
   *
   * @return the grace period; {@link #DEFAULT_GRACE_PERIOD} unless set
   */
  public Duration gracePeriod() {
    return gracePeriod;
  }

  /**
   * Returns the context hook of this gather (rule R30), which replaces the runner's.
   *
   * @return the hook, or empty to use the runner's
   */
  public Optional<ContextHook> contextHook() {
    return Optional.ofNullable(contextHook);
  }

  @Override
  public String toString() {
    return "GatherOptions{timeout="
        + timeout
        + ", taskTimeout="
        + taskTimeout
        + ", maxConcurrency="
        + (maxConcurrency == 0 ? "unbounded" : maxConcurrency)
        + ", executor="
        + executor
        + ", gracePeriod="
        + gracePeriod
        + (contextHook == null ? "" : ", contextHook=" + contextHook)
        + '}';
  }

  /**
   * Builds {@link GatherOptions}. Each setter validates its argument at once and throws {@link
   * NullPointerException} or {@link IllegalArgumentException} naming the option and the bad
   * value; a setter called twice keeps the last value. Not thread-safe.
   */
  public static final class Builder {
    private Duration timeout;
    private Duration taskTimeout;
    private int maxConcurrency;
    private Executor executor;
    private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
    private ContextHook contextHook;

    private Builder() {}

    /**
     * Sets the timeout of the whole gather (rule R15), measured from the call that starts it.
     * Zero passes at once: the gather times out before any task can finish (rule R28).
     *
     * @param timeout zero or positive; huge values saturate (rule R28)
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder timeout(Duration timeout) {
      this.timeout = nonNegative(timeout, "timeout");
      return this;
    }

    /**
     * Sets the timeout of each task, measured from that task's own start (rule R16). Zero times
     * each task out as it starts (rule R28).
     *
     * @param taskTimeout zero or positive; huge values saturate (rule R28)
     * @return this builder
     * @throws NullPointerException if {@code taskTimeout} is null
     * @throws IllegalArgumentException if {@code taskTimeout} is negative
     */
    public Builder taskTimeout(Duration taskTimeout) {
      this.taskTimeout = nonNegative(taskTimeout, "taskTimeout");
      return this;
    }

    /**
     * Bounds how many tasks run at once (rule R2): the first {@code maxConcurrency} tasks start
     * at once, and each further task starts when an earlier one finishes.
     *
     * @param maxConcurrency at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxConcurrency} is less than 1
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException(
            "maxConcurrency must be at least 1 but was " + maxConcurrency);
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /**
     * Runs this gather's blocking tasks on {@code executor} instead of the runner's (rule R23).
     * The runner never shuts it down. Async tasks are started on the calling thread regardless.
     *
     * @param executor the executor
     * @return this builder
     * @throws NullPointerException if {@code executor} is null
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets how long the gather waits for a cancelled task to finish before reporting it as leaked
     * (rule R10). Zero means: do not wait at all.
     *
     * @param gracePeriod zero or positive; huge values saturate (rule R28)
     * @return this builder
     * @throws NullPointerException if {@code gracePeriod} is null
     * @throws IllegalArgumentException if {@code gracePeriod} is negative
     */
    public Builder gracePeriod(Duration gracePeriod) {
      this.gracePeriod = nonNegative(gracePeriod, "gracePeriod");
      return this;
    }

    /**
     * Carries the caller's context into this gather's tasks with {@code contextHook} instead of
     * the runner's hook, if it has one (rule R30; see {@link ContextHook}).
     *
     * @param contextHook the hook
     * @return this builder
     * @throws NullPointerException if {@code contextHook} is null
     */
    public Builder contextHook(ContextHook contextHook) {
      this.contextHook = Objects.requireNonNull(contextHook, "contextHook");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return immutable options holding this builder's values
     */
    public GatherOptions build() {
      return new GatherOptions(this);
    }

    private static Duration nonNegative(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative but was " + value);
      }
      return value;
    }
  }
}
