package io.github.concurrentrunner.benchmarks;

import java.util.List;
import java.util.Set;

/**
 * What one or more JMH runs produced, read either in-process from JMH's {@code RunResult}s or back
 * from the JSON files JMH wrote ({@link ResultReader}).
 *
 * @param rows one row per benchmark and parameter set, in JMH's order
 * @param jdk the JDK of the first benchmark ({@code "17.0.15, OpenJDK 64-Bit Server VM 17..."}),
 *     or null if there was none
 * @param jmhVersion the JMH version of the first benchmark, or null if there was none
 * @param settings the distinct JMH settings (forks, warmup, measurement) per benchmark mode
 */
record Results(List<Row> rows, String jdk, String jmhVersion, Set<String> settings) {}
