package io.github.concurrentrunner.hazelcast;

/**
 * A remote task's member left the cluster (it crashed, was shut down, or was cut off) before the
 * task's outcome came back. Whether the body ran, partly or fully, is unknown: the task ran at
 * most once. The task fails with this exception exactly once; it is never re-run, unless it was
 * declared {@linkplain HazelcastTasks#idempotent(String, RemoteCallable) idempotent}, in which
 * case it fails with this exception only when its re-runs are used up too.
 */
public class TaskLostException extends RemoteTaskException {
  private static final long serialVersionUID = 1L;

  /** The member that was lost, as Hazelcast describes it (address and UUID). */
  private final String member;

  /** How many times the task was sent to a member. */
  private final int runs;

  /**
   * Creates the exception.
   *
   * @param backend the backend's name
   * @param taskIndex the task's index in its gather
   * @param taskName the task's name, or {@code null}
   * @param member the member that was lost, as Hazelcast describes it (address and UUID)
   * @param runs how many times the task was sent to a member (more than 1 only for idempotent
   *     tasks)
   */
  public TaskLostException(
      String backend, int taskIndex, String taskName, String member, int runs) {
    super(
        backend,
        taskIndex,
        taskName,
        " was lost on backend '"
            + backend
            + "': member "
            + member
            + " left the cluster before the task's outcome came back"
            + (runs > 1 ? " (on its run " + runs + ")" : "")
            + "; the task ran at most once, partly or not at all, and is not re-run unless it"
            + " is declared idempotent (HazelcastTasks.idempotent)",
        null);
    this.member = member;
    this.runs = runs;
  }

  /**
   * Returns the member that was lost, as Hazelcast describes it ({@code Member [127.0.0.1]:5702 -
   * uuid}).
   *
   * @return the member
   */
  public String member() {
    return member;
  }

  /**
   * Returns how many times the task was sent to a member before it was given up.
   *
   * @return 1, or more for an idempotent task that was re-run
   */
  public int runs() {
    return runs;
  }
}
