package io.github.concurrentrunner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The one snapshot of a gather's input (rules R2, R4, R29): the list is read once, checked for
 * null elements and elements that are not tasks, and copied into an array of references, by the
 * cheapest way its class allows (issue #12). Split from {@link EngineRunner}, which starts
 * gathers from the snapshots made here.
 */
final class TaskSnapshot {
  private TaskSnapshot() {}

  /**
   * Validates and copies the input list (rules R4, R29): read once, as the snapshot {@code
   * toArray()} takes, so that a concurrent list changed during the call gives the tasks of one
   * state of it; the copy holds references only (rule R2). A {@code size()} that lies is
   * reported as such, not as the {@code NegativeArraySizeException} or {@code OutOfMemoryError}
   * that copying by it would throw.
   */
  static Task<?>[] copy(List<? extends Task<?>> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    int claimed = tasks.size();
    if (claimed < 0) {
      throw new IllegalArgumentException(
          "tasks.size() returned " + claimed + ": the list contradicts itself");
    }
    Task<?>[] typed = typedCopy(tasks);
    if (typed != null) {
      return typed;
    }
    Object[] snapshot;
    try {
      snapshot = tasks.toArray();
    } catch (NegativeArraySizeException
        | OutOfMemoryError
        | NoSuchElementException
        | IndexOutOfBoundsException e) { // a size() larger than its elements, for one (R29)
      throw new IllegalArgumentException(
          "tasks.size() returned "
              + claimed
              + " but toArray() failed with "
              + e.getClass().getName()
              + ": the list contradicts itself (or is too large to copy)",
          e);
    }
    if (snapshot == null) {
      throw new IllegalArgumentException("tasks.toArray() returned null: the list is broken");
    }
    return checked(snapshot, new Task<?>[snapshot.length]);
  }

  /**
   * Checks every element of a snapshot of the input, naming the first null one or the first that
   * is not a task, and returns {@code into} holding them ({@code into} may be the snapshot itself,
   * when it is a task array already).
   */
  private static Task<?>[] checked(Object[] snapshot, Task<?>[] into) {
    for (int i = 0; i < snapshot.length; i++) {
      Object element = snapshot[i];
      if (element == null) {
        throw nullTask(i);
      }
      if (!(element instanceof Task<?> task)) { // possible through unchecked casts
        throw new IllegalArgumentException(
            "tasks[" + i + "] is a " + element.getClass().getName() + ", not a Task");
      }
      if (into != snapshot) {
        into[i] = task;
      }
    }
    return into;
  }

  /** Not {@code requireNonNull(.., "..." + i)}: that builds the message for every task. */
  private static NullPointerException nullTask(int index) {
    return new NullPointerException("tasks[" + index + "] is null");
  }

  /** The longest list that {@link #typedCopy} copies element by element. */
  private static final int SHORT_LIST = 16;

  /** What {@link #typedCopy} passes to {@code toArray}: a list makes an array of its own size. */
  private static final Task<?>[] NO_TASKS = {};

  /**
   * The JDK's lists whose {@code toArray(T[])} returns an array they keep no reference to (a
   * copy, or the empty array passed in), so that it can serve as the snapshot itself.
   */
  private static final Class<?> LIST_OF_1_2 = List.of(1).getClass(); // one or two elements
  private static final Class<?> LIST_OF_N = List.of(1, 2, 3).getClass(); // none, or three and more
  private static final Class<?> ARRAYS_AS_LIST = Arrays.asList().getClass();

  /**
   * Whether a list is one of the JDK's whose {@code toArray(T[])} returns an array it keeps no
   * reference to (a copy, or the empty array passed in), so that it can serve as the snapshot
   * itself: {@code ArrayList}, {@code List.of}, {@code Arrays.asList}, {@code
   * CopyOnWriteArrayList}. Compared by identity, not looked up in a set: the set's hashing took a
   * sixth of a call over two completed tasks (issue #12, an async-profiler run).
   */
  private static boolean returnsFreshArray(Class<?> type) {
    return type == ArrayList.class
        || type == LIST_OF_1_2
        || type == LIST_OF_N
        || type == ARRAYS_AS_LIST
        || type == CopyOnWriteArrayList.class;
  }

  /**
   * Copies a list whose class {@link #returnsFreshArray} into a task array in one step (issue
   * #12: one array less per call than {@code toArray()} and a copy), checking that no element is
   * null; null when the list is of another class (its {@code toArray} may keep the array, or
   * return one of another type), or holds an element that is not a task (then the general path
   * names it). The copy into a {@code Task[]} checks each element's type already.
   */
  private static Task<?> @Nullable [] typedCopy(List<? extends Task<?>> tasks) {
    if (!returnsFreshArray(tasks.getClass())) {
      return null;
    }
    int claimed = tasks.size();
    if (claimed <= SHORT_LIST && tasks.getClass() != CopyOnWriteArrayList.class) {
      return shortCopy(tasks, claimed);
    }
    Task<?>[] array;
    try {
      array = tasks.toArray(NO_TASKS);
    } catch (ArrayStoreException notATask) { // an element put there through an unchecked cast
      return null;
    }
    for (int i = 0; i < array.length; i++) {
      if (array[i] == null) {
        throw nullTask(i);
      }
    }
    return array;
  }

  /**
   * The copy of a short list that is not a {@code CopyOnWriteArrayList}, element by element: at N
   * = 2, {@code toArray(T[])} took a quarter of a call over completed stages (its type-checking
   * array copy, and the garbage collector's barrier for it, issue #12). For these lists, whose
   * {@code toArray} is no more atomic than this loop, reading each element once is the same
   * snapshot (R29).
   */
  private static Task<?> @Nullable [] shortCopy(List<?> tasks, int size) {
    Task<?>[] array = new Task<?>[size];
    for (int i = 0; i < size; i++) {
      Object element = tasks.get(i);
      if (element == null) {
        throw nullTask(i);
      }
      if (!(element instanceof Task<?> task)) {
        return null; // the general path names it
      }
      array[i] = task;
    }
    return array;
  }

  /** The two tasks of a shortcut, named if null. */
  static Task<?>[] pair(Task<?> first, Task<?> second) {
    return new Task<?>[] {
      Objects.requireNonNull(first, "first"), Objects.requireNonNull(second, "second")
    };
  }
}
