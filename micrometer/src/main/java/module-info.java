/**
 * Micrometer bindings of concurrent-runner, for any backend: {@link
 * io.github.concurrentrunner.micrometer.ContextSnapshotHook} carries the caller's context
 * (everything registered with Micrometer's context-propagation) into tasks (rule R30), and {@link
 * io.github.concurrentrunner.micrometer.MicrometerGatherListener} records timers, a gauge, a
 * counter and an Observation per gather (rule R31).
 *
 * <p>Micrometer's jars are automatic modules with stable names ({@code Automatic-Module-Name}).
 */
module io.github.concurrentrunner.micrometer {
  requires transitive io.github.concurrentrunner;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires transitive micrometer.commons;
  requires transitive context.propagation;

  exports io.github.concurrentrunner.micrometer;
}
