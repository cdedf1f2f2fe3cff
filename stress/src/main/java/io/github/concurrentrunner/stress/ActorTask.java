package io.github.concurrentrunner.stress;

import io.github.concurrentrunner.Task;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One task of a gather that a jcstress actor ends on its own thread, so that the task's exit is
 * inside the race window: an async task whose future the actor completes, or a blocking task whose
 * body the actor runs from a {@link CapturingExecutor} (then the coordinator's start claim,
 * thread recording, interruption and its clearing are in the window too). {@link #describe()}
 * says which, and how the exit went.
 */
public final class ActorTask {
  /** Regex of {@link #describe()} for an exit that got through on a thread left clean. */
  public static final String ACCEPTED = "(async completed|blocking ran), clean";

  /**
   * Regex of {@link #describe()} for any exit on a thread left clean: it got through, or the
   * gather had cancelled the task first.
   */
  public static final String ANY = "(async (completed|refused)|blocking (ran|never ran)), clean";

  private final Supplier<?> value;
  private final CompletableFuture<Object> future = new CompletableFuture<>();
  private final CapturingExecutor executor; // null for an async task
  private final boolean blocking;
  private final Task<Object> task;
  private volatile boolean ran;
  private boolean completed;
  private String interrupt = "not exited";

  private ActorTask(Supplier<?> value, CapturingExecutor executor) {
    this.value = value;
    this.executor = executor;
    this.blocking = executor != null;
    this.task = blocking ? Task.of(this::body) : Task.async(() -> future);
  }

  /**
   * Creates an async task whose future {@link #exit()} completes with {@code value.get()}.
   *
   * @param value what the task returns, evaluated on the exiting thread
   * @return the task
   */
  public static ActorTask async(Supplier<?> value) {
    return new ActorTask(value, null);
  }

  /**
   * Creates a blocking task whose body waits in {@code executor} (the gather's executor) until
   * {@link #exit()} runs the oldest body waiting there.
   *
   * @param executor the gather's executor
   * @param value what the body returns, evaluated in the body
   * @return the task
   */
  public static ActorTask blocking(CapturingExecutor executor, Supplier<?> value) {
    return new ActorTask(value, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Creates an async or a blocking task, drawn at random.
   *
   * @param executor the gather's executor, for a blocking task
   * @param value what the task returns
   * @return the task
   */
  public static ActorTask random(CapturingExecutor executor, Supplier<?> value) {
    return ThreadLocalRandom.current().nextBoolean() ? blocking(executor, value) : async(value);
  }

  /**
   * Returns the task to gather.
   *
   * @return the task
   */
  public Task<Object> task() {
    return task;
  }

  /**
   * Ends the task on the calling thread (an actor's): completes the future, or runs the oldest
   * body waiting in the executor; then reads and clears the thread's interrupt status.
   */
  public void exit() {
    if (blocking) {
      executor.runNext();
    } else {
      completed = future.complete(value.get());
    }
    interrupt = Outcomes.interruptStatus();
  }

  /**
   * Describes the exit: {@code async completed}, {@code async refused} (the gather had cancelled
   * the future first), {@code blocking ran} or {@code blocking never ran} (the gather was decided
   * before the body started), then {@code clean} or {@code INTERRUPT LEAKED} for the exiting
   * thread.
   *
   * @return the description
   */
  public String describe() {
    String how =
        blocking
            ? (ran ? "blocking ran" : "blocking never ran")
            : (completed ? "async completed" : "async refused");
    return how + ", " + interrupt;
  }

  /**
   * Whether the exit got through: the future accepted the value, or the body ran.
   *
   * @return false if the gather had cancelled the future, or decided before the body started
   */
  public boolean accepted() {
    return blocking ? ran : completed;
  }

  private Object body() {
    ran = true;
    return value.get();
  }
}
