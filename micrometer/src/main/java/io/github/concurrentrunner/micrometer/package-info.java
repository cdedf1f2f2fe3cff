/**
 * Micrometer bindings: {@link io.github.concurrentrunner.micrometer.ContextSnapshotHook} (context
 * propagation, rule R30) and {@link io.github.concurrentrunner.micrometer.MicrometerGatherListener}
 * (meters and Observations, rule R31; its class comment lists every meter name and tag).
 */
package io.github.concurrentrunner.micrometer;
