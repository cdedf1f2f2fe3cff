package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.DaemonScheduler;
import io.github.concurrentrunner.spi.TaskDriver;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * A correct backend built inside the TCK's own tests (the real backends depend on the TCK, so the
 * TCK cannot depend on them): the shared engine on the simplest faithful driver. The kit
 * must pass against it ({@link ReferenceTckTest}); the broken runners of {@link
 * ConcurrentRunnerTckSelfTest} wrap it.
 */
public final class ReferenceRunnerProvider implements ConcurrentRunnerProvider {
  static final String NAME = "tck-reference";

  /** Creates the provider; called by {@link java.util.ServiceLoader} too. */
  public ReferenceRunnerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public TaskDriver createDriver() {
    return new Driver();
  }

  private static final class Driver implements TaskDriver {
    private final DaemonScheduler scheduler = DaemonScheduler.create(NAME);

    @Override
    public void execute(Executor executor, Runnable body) {
      executor.execute(body);
    }

    @Override
    public Cancellable observe(CompletionStage<?> stage, BiConsumer<Object, Throwable> callback) {
      stage.whenComplete(callback);
      return Cancellable.of(stage);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
      return scheduler.schedule(delay, action);
    }

    @Override
    public void shutdown() {
      scheduler.shutdown();
    }
  }
}
