package io.github.concurrentrunner.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.spi.Cancellable;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/*
 * The caller's side of remote tasks, independent of the engine's SPI: start(task, index, exit)
 * sends a blocking task to a member and reports its one exit, and returns a canceller.
 *
 * Members are chosen round-robin among the cluster's data members (lite members run no tasks).
 * Each start gets a key unique in the cluster; MemberBodies explains how the member records the
 * body's exit under it and how a cancel reaches the body. A task's exit is reported exactly once,
 * by whichever comes first: the member's response, or the loss of its member (seen by the
 * membership listener or by Hazelcast failing the invocation with MemberLeftException). A lost
 * task fails with TaskLostException, or is sent again to another member if it is idempotent and
 * was not cancelled.
 *
 * Nothing here waits: the engine's timers bound every gather, never Hazelcast's heartbeat.
 */
final class RemoteDispatcher implements MembershipListener {
  /** How far a task's exception's cause chain is followed (R27: it may be a cycle, or endless). */
  private static final int MAX_CAUSES = 64;

  private final String backend;
  private final HazelcastInstance hazelcast;
  private final IExecutorService tasks;
  private final IExecutorService control;
  private final int idempotentReruns;
  private final String id = UUID.randomUUID().toString();
  private final AtomicLong starts = new AtomicLong();
  private final AtomicLong roundRobin = new AtomicLong();
  private final Map<String, Run> inFlight = new ConcurrentHashMap<>();
  private final UUID registration;
  private volatile Member[] members;

  RemoteDispatcher(
      String backend, HazelcastInstance hazelcast, String executorName, int idempotentReruns) {
    this.backend = backend;
    this.hazelcast = hazelcast;
    this.tasks = hazelcast.getExecutorService(executorName);
    this.control = hazelcast.getExecutorService(HazelcastRunners.CONTROL_EXECUTOR);
    this.idempotentReruns = idempotentReruns;
    this.registration = hazelcast.getCluster().addMembershipListener(this);
    refreshMembers();
  }

  /**
   * Sends a blocking task to a member.
   *
   * @param exit receives {@code (value, null)} or {@code (null, failure)} exactly once, when the
   *     body has exited on its member or its member is gone
   * @return requests the body's interruption; the exit still follows
   * @throws RejectedExecutionException if the task cannot be sent (no data member, or Hazelcast
   *     rejects it); {@code exit} is then not called
   */
  Cancellable start(Task.Blocking<?> task, int index, BiConsumer<Object, Throwable> exit) {
    Run run = new Run(task, index, exit, id + ':' + starts.incrementAndGet());
    send(run, null);
    return run::cancel;
  }

  /** Stops listening to the cluster; tasks in flight still report their exits. */
  void shutdown() {
    try {
      hazelcast.getCluster().removeMembershipListener(registration);
    } catch (RuntimeException notActive) { // the member is shutting down: nothing to remove
      // the listener goes with it
    }
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    refreshMembers();
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    refreshMembers();
    Member gone = event.getMember();
    List<Run> lost = new ArrayList<>();
    for (Run run : inFlight.values()) {
      if (gone.getUuid().equals(run.member.getUuid())) {
        lost.add(run);
      }
    }
    for (Run run : lost) {
      run.lost(run.attempt);
    }
  }

  private void refreshMembers() {
    List<Member> data = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (!member.isLiteMember()) {
        data.add(member);
      }
    }
    members = data.toArray(new Member[0]);
  }

  /** Picks a data member, preferring one other than {@code avoid} (a member just lost). */
  private Member pick(Member avoid) {
    Member[] current = members;
    if (current.length == 0) {
      return null;
    }
    Member member = current[Math.floorMod(roundRobin.getAndIncrement(), current.length)];
    if (avoid != null && member.getUuid().equals(avoid.getUuid()) && current.length > 1) {
      member = current[Math.floorMod(roundRobin.getAndIncrement(), current.length)];
    }
    return member;
  }

  /**
   * Sends the task to a member. The first run throws a rejection (the engine fails the task with
   * it, rule R20); a re-run reports it as the task's exit.
   */
  private void send(Run run, Member avoid) {
    boolean first = avoid == null;
    Member member = pick(avoid);
    if (member == null) {
      RejectedExecutionException none =
          new RejectedExecutionException(
              run.describe()
                  + " cannot run on backend '"
                  + backend
                  + "': the cluster has no data member (lite members run no tasks)");
      if (first) {
        throw none;
      }
      run.finish(null, none);
      return;
    }
    int attempt = run.nextAttempt(member);
    String key = run.key + '#' + attempt;
    inFlight.put(run.key, run);
    try {
      tasks.submitToMember(
          new MemberBodies.RemoteCall(key, run.task.callable()),
          member,
          new ExecutionCallback<byte[]>() {
            @Override
            public void onResponse(byte[] response) {
              run.respond(attempt, response);
            }

            @Override
            public void onFailure(Throwable t) {
              run.fail(attempt, t);
            }
          });
    } catch (HazelcastSerializationException e) { // the task itself cannot travel
      run.finish(null, cannotSend(run, e));
      return;
    } catch (RejectedExecutionException e) {
      inFlight.remove(run.key, run);
      if (first) {
        throw e;
      }
      run.finish(null, e);
      return;
    } catch (RuntimeException | Error e) { // the member shutting down; a task's writeObject
      run.fail(attempt, e);
      return;
    }
    if (!member.getUuid().equals(memberNow(member))) {
      run.lost(attempt); // it left while we sent: the listener may have run before we registered
    }
  }

  /**
   * A member as messages name it: its address and UUID ({@code Member.toString()} begins with
   * "Member" and ends with "this" for the local member, which reads badly inside a sentence).
   */
  static String nameOf(Member member) {
    return member == null ? "(unknown)" : member.getAddress() + " (" + member.getUuid() + ")";
  }

  /** The member's UUID if it is still in the cluster, else null. */
  private UUID memberNow(Member member) {
    for (Member m : members) {
      if (m.getUuid().equals(member.getUuid())) {
        return m.getUuid();
      }
    }
    return null;
  }

  private RemoteSerializationException cannotSend(Run run, HazelcastSerializationException e) {
    String notSerializable = notSerializableClass(e);
    String className =
        notSerializable != null ? notSerializable : run.task.callable().getClass().getName();
    return new RemoteSerializationException(
        backend,
        run.index,
        run.task.name(),
        className,
        "the task could not be sent to a member: " + className + " is not serializable",
        e);
  }

  /**
   * The class a {@code NotSerializableException} in the cause chain names, or null. The chain is
   * the task's own (its {@code writeObject} may throw anything): the walk is bounded, stops at a
   * cycle, and survives a {@code getCause()} or {@code getMessage()} that throws (R27).
   */
  static String notSerializableClass(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Throwable cause = failure;
    try {
      for (int depth = 0; cause != null && depth < MAX_CAUSES && seen.add(cause); depth++) {
        if (cause instanceof NotSerializableException) {
          return cause.getMessage();
        }
        cause = cause.getCause();
      }
    } catch (Throwable broken) { // a hostile exception's own method: no class to name
      if (broken instanceof VirtualMachineError fatal && !(fatal instanceof StackOverflowError)) {
        throw fatal;
      }
    }
    return null;
  }

  /** One task start, across its runs (more than one only for idempotent tasks). */
  private final class Run {
    final Task.Blocking<?> task;
    final int index;
    final BiConsumer<Object, Throwable> exit;
    final String key;
    final AtomicBoolean done = new AtomicBoolean();
    volatile boolean cancelled;
    volatile Member member; // of the current run
    volatile int attempt; // the current run's number; answers of other runs are ignored
    volatile int runs; // how many times the task was sent

    Run(Task.Blocking<?> task, int index, BiConsumer<Object, Throwable> exit, String key) {
      this.task = task;
      this.index = index;
      this.exit = exit;
      this.key = key;
    }

    synchronized int nextAttempt(Member target) {
      member = target;
      runs++;
      return ++attempt;
    }

    String describe() {
      return task.describe(index);
    }

    void cancel() {
      cancelled = true;
      Member target = member;
      int sent = attempt;
      if (done.get() || target == null) {
        return;
      }
      try {
        control.executeOnMember(new MemberBodies.CancelCall(key + '#' + sent), target);
      } catch (RuntimeException gone) { // the member left: its task is lost (listener or below)
        if (memberNow(target) == null) {
          lost(sent);
        }
      }
    }

    void respond(int run, byte[] response) {
      if (run != attempt) {
        return; // an answer from a run given up as lost
      }
      Exits.Exit decoded;
      try {
        decoded = Exits.decode(response);
      } catch (ClassNotFoundException | InvalidClassException e) {
        finish(null, cannotRead(e.getMessage(), e));
        return;
      } catch (Throwable e) { // a readObject that throws anything, a static initializer, ...
        // The exit must be recorded whatever reading it threw, or the gather never ends (R27).
        finish(null, cannotRead(e.getClass().getName(), e));
        return;
      }
      switch (decoded.kind()) {
        case Exits.VALUE -> finish(decoded.payload(), null);
        case Exits.FAILURE -> finish(null, (Throwable) decoded.payload());
        case Exits.NOT_STARTED ->
            finish(
                null,
                new CancellationException(describe() + " was cancelled before it started"));
        default -> {
          Exits.Unserializable u = (Exits.Unserializable) decoded.payload();
          finish(
              null,
              new RemoteSerializationException(
                  backend,
                  index,
                  task.name(),
                  u.className(),
                  u.what()
                      + " could not be serialized on member "
                      + nameOf(member)
                      + " to travel back: "
                      + u.detail(),
                  null));
        }
      }
    }

    private RemoteSerializationException cannotRead(String className, Throwable e) {
      return new RemoteSerializationException(
          backend,
          index,
          task.name(),
          className,
          "its outcome could not be deserialized on the caller (" + className + ")",
          e);
    }

    void fail(int run, Throwable t) {
      if (run != attempt) {
        return;
      }
      if (t instanceof MemberLeftException || t instanceof TargetNotMemberException) {
        // MemberLeftException extends ExecutionException, with a null cause
        lost(run);
      } else if (t instanceof HazelcastSerializationException e) {
        finish(null, cannotSend(this, e)); // e.g. the member could not read the task
      } else {
        finish(null, t);
      }
    }

    /** The run's member is gone: re-run an idempotent task elsewhere, else fail it as lost. */
    void lost(int run) {
      Member gone;
      boolean rerun;
      synchronized (this) {
        if (run != attempt || done.get()) {
          return;
        }
        gone = member;
        rerun =
            task.callable() instanceof HazelcastTasks.Idempotent<?>
                && !cancelled
                && runs <= idempotentReruns;
        attempt++; // from now on, answers of the lost run are ignored
      }
      if (rerun) {
        send(this, gone);
      } else {
        finish(null, new TaskLostException(backend, index, task.name(), nameOf(gone), runs));
      }
    }

    void finish(Object value, Throwable failure) {
      if (done.compareAndSet(false, true)) {
        inFlight.remove(key, this);
        exit.accept(value, failure);
      }
    }
  }
}
