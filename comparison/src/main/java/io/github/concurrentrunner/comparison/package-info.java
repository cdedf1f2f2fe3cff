/**
 * The comparison: one {@link io.github.concurrentrunner.ConcurrentRunner} per library aggregate
 * ({@code CompletableFuture.allOf}, Guava's {@code allAsList} and {@code successfulAsList},
 * RxJava's {@code Single.zip}, Reactor's {@code Mono.zip} and, on JDK 25 with preview features
 * only, the JDK's {@code StructuredTaskScope}), each written as a careful user writes it by hand,
 * with no engine. The conformance matrix runs the TCK against them and the backends; the
 * benchmarks measure them in the same runs as the backends (all but {@code StructuredTaskScope}:
 * the benchmarks run on JDK 17 without preview features). Never published, never discoverable:
 * see {@link NativeRunners}.
 */
package io.github.concurrentrunner.comparison;
