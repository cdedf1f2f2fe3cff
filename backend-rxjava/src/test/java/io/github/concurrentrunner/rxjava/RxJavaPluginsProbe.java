package io.github.concurrentrunner.rxjava;

import io.reactivex.rxjava3.functions.Consumer;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tests' own hook on RxJava's global error handler: while installed, it records every error
 * that reaches {@code RxJavaPlugins.onError}. The backend must never reach it, and must never
 * install or replace a global hook, so {@link #uninstall()} also checks that this probe is still
 * the installed handler.
 */
final class RxJavaPluginsProbe {
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final Consumer<? super Throwable> previous;
  private final Consumer<Throwable> handler = errors::add;

  private RxJavaPluginsProbe() {
    previous = RxJavaPlugins.getErrorHandler();
    RxJavaPlugins.setErrorHandler(handler);
  }

  /** Installs a probe, remembering the handler it replaces. */
  static RxJavaPluginsProbe install() {
    return new RxJavaPluginsProbe();
  }

  /** The errors that reached the global handler so far. */
  List<Throwable> errors() {
    return List.copyOf(errors);
  }

  /**
   * Returns the errors that reached the global handler so far and forgets them, for a test that
   * expects some (what RxJava itself sends there).
   */
  List<Throwable> takeErrors() {
    List<Throwable> taken = List.copyOf(errors);
    errors.removeAll(taken);
    return taken;
  }

  /**
   * Restores the previous handler.
   *
   * @return whether this probe was still the installed handler (nobody replaced it)
   */
  boolean uninstall() {
    boolean stillInstalled = RxJavaPlugins.getErrorHandler() == handler;
    RxJavaPlugins.setErrorHandler(previous);
    return stillInstalled;
  }
}
