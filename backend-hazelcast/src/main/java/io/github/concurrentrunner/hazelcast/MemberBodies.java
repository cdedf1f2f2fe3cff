package io.github.concurrentrunner.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * The member's side of a remote task: the exit record.
 *
 * Each task start has a key, unique in the cluster (runner id, start number, run number). On the
 * member, RemoteCall registers its body under the key when it starts and removes it when the body
 * exits; the response that carries the outcome back is sent only after that exit, so the caller
 * sees a task as finished exactly when its body has exited (rule R10 of the REMOTE profile).
 *
 * The caller never uses Hazelcast's Future.cancel: that completes the caller's future at once,
 * while the remote body may keep running. It sends a CancelCall instead, which interrupts the
 * registered body, or, when the body has not started yet, leaves a tombstone under the key, so
 * that the body never starts and answers NOT_STARTED. Either way the one response of the task is
 * its exit. Tombstones whose body never comes (the cancel overtook the exit) are swept after
 * TOMBSTONE_TTL.
 *
 * The registry is static: one per JVM. Keys are unique across members, so members embedded in one
 * JVM (as in the tests) share it safely.
 */
final class MemberBodies {
  private static final long TOMBSTONE_TTL = TimeUnit.MINUTES.toNanos(10);
  private static final Map<String, Object> RUNNING = new ConcurrentHashMap<>();
  private static final AtomicInteger TOMBSTONES = new AtomicInteger();

  private MemberBodies() {}

  /** A body running on a member: its thread, interrupted at most while it runs the task. */
  private static final class Body {
    private Thread thread = Thread.currentThread(); // guarded by this
    private boolean interrupted; // guarded by this

    synchronized void interrupt() {
      if (thread != null) {
        interrupted = true;
        thread.interrupt();
      }
    }

    synchronized void exit() {
      thread = null;
      if (interrupted) {
        Thread.interrupted(); // do not leak our interrupt into the member's next task
      }
    }
  }

  /** Left under a key by a cancel that arrived before the body: the body never starts. */
  private record Tombstone(long since) {}

  /**
   * Runs a task's body on the member; the caller's future completes with what this returns. A
   * callable that is {@link HazelcastInstanceAware} receives the member it runs on.
   */
  static final class RemoteCall implements Callable<byte[]>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String key;

    @SuppressWarnings("serial") // checked to be Serializable at the call
    private final Callable<?> callable;

    private transient HazelcastInstance member;

    RemoteCall(String key, Callable<?> callable) {
      this.key = key;
      this.callable = callable;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
      this.member = member;
    }

    @Override
    public byte[] call() {
      if (callable instanceof HazelcastInstanceAware aware && member != null) {
        aware.setHazelcastInstance(member);
      }
      Body body = new Body();
      Object previous = RUNNING.putIfAbsent(key, body);
      if (previous != null) { // a tombstone: cancelled before it started
        RUNNING.remove(key, previous);
        return Exits.notStarted();
      }
      Object value = null;
      Throwable failure = null;
      try {
        value = callable.call();
      } catch (Throwable t) { // every Throwable is the task's outcome (R19)
        failure = t;
      } finally {
        RUNNING.remove(key, body);
        body.exit();
      }
      return Exits.encode(value, failure);
    }
  }

  /** Cancels a task on its member; runs on the runner's control executor. */
  static final class CancelCall implements Runnable, Serializable {
    private static final long serialVersionUID = 1L;

    private final String key;

    CancelCall(String key) {
      this.key = key;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      Object previous = RUNNING.putIfAbsent(key, new Tombstone(now));
      if (previous instanceof Body body) {
        body.interrupt();
      } else if (previous == null && (TOMBSTONES.incrementAndGet() & 255) == 0) {
        sweep(now);
      }
    }
  }

  /** Removes tombstones older than their time to live. */
  private static void sweep(long now) {
    for (Iterator<Object> it = RUNNING.values().iterator(); it.hasNext(); ) {
      if (it.next() instanceof Tombstone t && now - t.since() > TOMBSTONE_TTL) {
        it.remove();
      }
    }
  }
}
