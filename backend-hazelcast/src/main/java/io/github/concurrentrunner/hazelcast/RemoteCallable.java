package io.github.concurrentrunner.hazelcast;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that is {@link Serializable}, so that a lambda assigned to it can be sent to
 * another member: {@code RemoteCallable<Integer> work = () -> compute(42);}. A serializable lambda
 * carries what it captures, which must be serializable too (capture values, not services or
 * connections); the class that declares it must be on every member's class path.
 *
 * @param <T> the result type; its values must be serializable too
 */
@FunctionalInterface
public interface RemoteCallable<T> extends Callable<T>, Serializable {}
