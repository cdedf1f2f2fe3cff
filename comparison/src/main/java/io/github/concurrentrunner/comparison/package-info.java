/**
 * The comparison: one {@link io.github.concurrentrunner.ConcurrentRunner} per library aggregate
 * ({@code CompletableFuture.allOf}, Guava's {@code allAsList} and {@code successfulAsList},
 * RxJava's {@code Single.zip} and Reactor's {@code Mono.zip}), each written as a careful user writes it by hand, with no engine. The
 * conformance matrix runs the TCK against them and the backends; the benchmarks measure them in
 * the same runs as the backends. Never published, never discoverable: see {@link NativeRunners}.
 */
package io.github.concurrentrunner.comparison;
