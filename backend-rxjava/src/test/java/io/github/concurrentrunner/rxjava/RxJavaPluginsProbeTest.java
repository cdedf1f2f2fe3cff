package io.github.concurrentrunner.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.exceptions.UndeliverableException;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import org.junit.jupiter.api.Test;

/** Proves that the probe the other tests rely on does see what reaches RxJava's global handler. */
class RxJavaPluginsProbeTest {

  @Test
  void probeRecordsAnErrorSentToRxJavaPluginsAndRestoresThePreviousHandler() {
    var before = RxJavaPlugins.getErrorHandler();
    RxJavaPluginsProbe probe = RxJavaPluginsProbe.install();
    java.io.IOException error = new java.io.IOException("sent on purpose");

    RxJavaPlugins.onError(error);

    assertThat(probe.uninstall()).isTrue();
    assertThat(probe.errors())
        .singleElement()
        .isInstanceOf(UndeliverableException.class)
        .extracting(Throwable::getCause)
        .isSameAs(error);
    assertThat(RxJavaPlugins.getErrorHandler()).isSameAs(before);
  }
}
