package io.github.concurrentrunner;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The unmodifiable list that {@code all} and {@code allSettled} return: a view of the gather's
 * slots, which nothing writes once the gather has completed. One object instead of the two of
 * {@code Collections.unmodifiableList(Arrays.asList(slots))} (issue #12: the fixed cost per call);
 * every mutator throws {@link UnsupportedOperationException}, as {@link AbstractList}'s do.
 *
 * @param <T> the element type
 */
final class SlotList<T> extends AbstractList<T> implements RandomAccess, Serializable {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // the slots hold the tasks' results, whatever they are
  private final Object[] slots;

  SlotList(Object[] slots) {
    this.slots = slots;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T get(int index) {
    return (T) slots[index];
  }

  @Override
  public int size() {
    return slots.length;
  }

  @Override
  public Object[] toArray() {
    return Arrays.copyOf(slots, slots.length, Object[].class);
  }
}
