package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;

/** The control: the whole kit passes against a correct runner. */
class ReferenceTckTest extends ConcurrentRunnerTck {
  @Override
  protected ConcurrentRunnerProvider provider() {
    return new ReferenceRunnerProvider();
  }
}
