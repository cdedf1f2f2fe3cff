/**
 * JMH benchmarks of every concurrent-runner backend found by {@link
 * io.github.concurrentrunner.ConcurrentRunner#backends()}, side by side with the raw, hand-written
 * use of each library for the same job and with the floor (the least work that does the job), in
 * one run so that ratios are honest; and the report generator that turns JMH's JSON into tables
 * and charts.
 *
 * <p>Naming: a benchmark method is {@code <kind><Operation>}, where the kind is {@code backend}
 * (through a {@code ConcurrentRunner}, parameter {@code backend}), {@code raw} (the library used
 * by hand, parameter {@code library}) or {@code floor} (no library). The report relies on it.
 */
package io.github.concurrentrunner.benchmarks;
