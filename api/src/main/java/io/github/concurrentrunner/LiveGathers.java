package io.github.concurrentrunner;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The gathers of one runner that have not completed, which {@code close()} cancels (R24) and
 * {@link EngineRunner#rescueOrphans} visits (R27). Every call adds its gather here and removes it
 * when it completes, so this sits on the fixed cost of every call (issue #12): a gather takes a
 * free slot of a small array with one compare-and-set, and gives it back with one volatile write,
 * where a concurrent hash set allocates a node and takes a lock to remove it. A gather that finds
 * the slots it probes taken (many gathers running at once) goes into a concurrent set instead.
 *
 * <p>Iteration is weakly consistent, as a concurrent set's: it sees every gather added before it
 * started and not removed since, and may or may not see the others. A slot is only ever written
 * by the gather that holds it: set from null to the gather, then back to null by its removal.
 */
final class LiveGathers {
  /** The number of slots; a power of two. */
  private static final int SLOTS = 64;

  /** How many slots a gather tries, from the one its hash code picks, before the overflow set. */
  private static final int PROBES = 4;

  private final AtomicReferenceArray<GatherRun<?>> slots = new AtomicReferenceArray<>(SLOTS);
  private final Set<GatherRun<?>> overflow = ConcurrentHashMap.newKeySet();

  /**
   * Adds a gather that is not here. Its compare-and-set (or the overflow set's) is a full fence:
   * a read of the runner's {@code closed} flag that follows it sees a close() whose iteration
   * does not see this gather.
   */
  void add(GatherRun<?> gather) {
    int first = gather.hashCode();
    for (int i = 0; i < PROBES; i++) {
      int slot = (first + i) & (SLOTS - 1);
      if (slots.get(slot) == null && slots.compareAndSet(slot, null, gather)) {
        return;
      }
    }
    overflow.add(gather);
  }

  /**
   * Removes a gather; nothing if it is not here (removed already). The removal is a volatile
   * write, or the overflow set's locked removal: a read of the runner's {@code closed} flag that
   * follows it sees a close() whose {@link #isEmpty()} still saw this gather.
   */
  void remove(GatherRun<?> gather) {
    int first = gather.hashCode();
    for (int i = 0; i < PROBES; i++) {
      int slot = (first + i) & (SLOTS - 1);
      if (slots.get(slot) == gather) {
        slots.set(slot, null);
        return;
      }
    }
    overflow.remove(gather);
  }

  /** Whether no gather is here; a full pass over the slots, for a closed runner only. */
  boolean isEmpty() {
    for (int slot = 0; slot < SLOTS; slot++) {
      if (slots.get(slot) != null) {
        return false;
      }
    }
    return overflow.isEmpty();
  }

  /** Calls {@code action} with every gather here (weakly consistent, see above). */
  void forEach(Consumer<GatherRun<?>> action) {
    for (int slot = 0; slot < SLOTS; slot++) {
      GatherRun<?> gather = slots.get(slot);
      if (gather != null) {
        action.accept(gather);
      }
    }
    overflow.forEach(action);
  }
}
