package io.github.concurrentrunner.stress;

import io.github.concurrentrunner.GatherHandle;
import java.util.function.Supplier;

/**
 * A gather that a jcstress actor starts while another closes the runner: {@link #start} records
 * whether the call returned a handle, {@link #describe()} says so and how the gather ended.
 */
public final class StartedGather {
  private GatherHandle<?> handle;
  private String started;

  /** Creates a gather not started yet. */
  public StartedGather() {}

  /**
   * Starts the gather on the calling thread (an actor's): records {@code started}, or the simple
   * name of the exception the call threw.
   *
   * @param call the call that starts the gather
   */
  public void start(Supplier<? extends GatherHandle<?>> call) {
    try {
      handle = call.get();
      started = "started";
    } catch (RuntimeException e) {
      started = e.getClass().getSimpleName();
    }
  }

  /**
   * Describes the start and the end: {@code started, } then {@link Outcomes#ofAwait} with {@link
   * Outcomes#PATIENCE}; only the exception's simple name if the call threw.
   *
   * @return the description
   */
  public String describe() {
    return handle == null ? started : started + ", " + Outcomes.ofAwait(handle, Outcomes.PATIENCE);
  }
}
