package io.github.concurrentrunner;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds backends with {@link ServiceLoader} (rule R25). An explicit choice (builder, then system
 * property, then environment variable) wins before priorities are consulted. Each provider is
 * loaded in its own try block, so that a broken one is named in messages and hides no other.
 * Providers are looked up through this library's class loader (which also sees named modules of
 * its layer) and through the thread's context class loader, as application servers expect.
 */
final class Discovery {
  static final String PROPERTY = "concurrentrunner.backend";
  static final String ENVIRONMENT = "CONCURRENT_RUNNER_BACKEND";

  /** First-party backends and their artifacts, for messages that say what to add. */
  private static final Map<String, String> KNOWN =
      Map.of(
          "completablefuture", "io.github.concurrentrunner:concurrent-runner-completablefuture",
          "guava", "io.github.concurrentrunner:concurrent-runner-guava",
          "hazelcast", "io.github.concurrentrunner:concurrent-runner-hazelcast",
          "rxjava", "io.github.concurrentrunner:concurrent-runner-rxjava");

  /** Guards against a broken service file that makes the iterator fail at the same place. */
  private static final int MAX_LOAD_ERRORS = 100;

  private Discovery() {}

  /**
   * A provider that loaded, with the name and priority it gave when asked once: a provider's
   * own code is not asked again, so a second answer cannot differ or throw (R27).
   */
  record Loaded(ConcurrentRunnerProvider provider, String name, int priority) {}

  /** The providers that loaded, best first, and a description of each that did not. */
  record Found(List<Loaded> loaded, List<String> broken) {
    List<String> names() {
      return loaded.stream().map(Loaded::name).toList();
    }
  }

  static List<String> available() {
    return find().names();
  }

  /** Chooses the provider: the one named (builder, property, environment), else the best. */
  static Loaded choose(String requested) {
    String source = "the builder";
    String name = requested;
    if (name == null) {
      name = System.getProperty(PROPERTY);
      source = "system property " + PROPERTY;
    }
    if (name == null || name.isBlank()) {
      name = System.getenv(ENVIRONMENT);
      source = "environment variable " + ENVIRONMENT;
    }
    Found found = find();
    Loaded provider;
    if (name == null || name.isBlank()) {
      if (found.loaded().isEmpty()) {
        throw new IllegalStateException(
            "No concurrent-runner backend found on the class path or module path."
                + brokenSuffix(found)
                + " Add one of: "
                + String.join(", ", KNOWN.values().stream().sorted().toList())
                + ".");
      }
      provider = found.loaded().get(0);
    } else {
      String wanted = name.strip().toLowerCase(Locale.ROOT);
      provider =
          found.loaded().stream()
              .filter(p -> p.name().equals(wanted))
              .findFirst()
              .orElse(null);
      if (provider == null) {
        String artifact = KNOWN.get(wanted);
        throw new IllegalStateException(
            "No concurrent-runner backend named '"
                + name
                + "' (requested by "
                + source
                + "). Available: "
                + found.names()
                + "."
                + brokenSuffix(found)
                + (artifact != null
                    ? " Add " + artifact + " to the class path or module path."
                    : " Known backends: " + KNOWN.keySet().stream().sorted().toList()
                        + "; add io.github.concurrentrunner:concurrent-runner-<name>."));
      }
    }
    return provider;
  }

  /**
   * A provider's name, checked: not null, not blank, lower case, without surrounding blanks (as
   * {@link ConcurrentRunnerProvider#name()} requires), since names are looked up in lower case.
   *
   * @throws IllegalStateException naming the provider's class and what is wrong
   */
  static String checkedName(ConcurrentRunnerProvider provider) {
    String name;
    try {
      name = provider.name();
    } catch (Throwable e) { // anything but the JVM's own failures, such as OutOfMemoryError
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      throw new IllegalStateException(
          "provider "
              + provider.getClass().getName()
              + " has no name: name() threw "
              + e.getClass().getName(),
          e);
    }
    if (name == null || name.isBlank()) {
      throw new IllegalStateException(
          "provider " + provider.getClass().getName() + " has no name: name() returned " + name);
    }
    if (!name.equals(name.strip().toLowerCase(Locale.ROOT))) {
      throw new IllegalStateException(
          "provider "
              + provider.getClass().getName()
              + " has a name that cannot be looked up: name() returned '"
              + name
              + "'; a backend's name is lower case, without surrounding blanks");
    }
    return name;
  }

  /** A load failure and its cause, each by {@link Foreign#describe} (a provider's own code). */
  private static String describeWithCause(Throwable failure) {
    Throwable cause;
    try {
      cause = failure.getCause();
    } catch (Throwable broken) {
      cause = null;
    }
    return Foreign.describe(failure)
        + (cause == null || cause == failure ? "" : " caused by " + Foreign.describe(cause));
  }

  private static String brokenSuffix(Found found) {
    return found.broken().isEmpty()
        ? ""
        : " Providers that failed to load: " + String.join("; ", found.broken()) + ".";
  }

  static Found find() {
    Map<String, Loaded> byName = new LinkedHashMap<>();
    List<String> broken = new ArrayList<>();
    ClassLoader own = Discovery.class.getClassLoader();
    load(ServiceLoader.load(ConcurrentRunnerProvider.class, own), byName, broken);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != own) {
      load(ServiceLoader.load(ConcurrentRunnerProvider.class, context), byName, broken);
    }
    List<Loaded> loaded = new ArrayList<>(byName.values());
    loaded.sort(Comparator.comparingInt(Loaded::priority).reversed().thenComparing(Loaded::name));
    return new Found(List.copyOf(loaded), List.copyOf(broken));
  }

  private static void load(
      ServiceLoader<ConcurrentRunnerProvider> loader,
      Map<String, Loaded> byName,
      List<String> broken) {
    Iterator<ConcurrentRunnerProvider> it = loader.iterator();
    int errors = 0;
    while (errors < MAX_LOAD_ERRORS) {
      try {
        if (!it.hasNext()) {
          return;
        }
        ConcurrentRunnerProvider provider = it.next();
        String name = checkedName(provider);
        Loaded first = byName.putIfAbsent(name, new Loaded(provider, name, provider.priority()));
        if (first != null
            && !first.provider().getClass().getName().equals(provider.getClass().getName())) {
          // Another class under a name already taken (the same class seen through a second class
          // loader is no news): the one found first on the path wins, as for any service.
          String text =
              provider.getClass().getName()
                  + ": ignored, its name '"
                  + name
                  + "' is taken by "
                  + first.provider().getClass().getName()
                  + ", found first";
          if (!broken.contains(text)) {
            broken.add(text);
          }
        }
      } catch (Throwable e) { // a provider's own code, or its class, failed: listed, not thrown
        if (e instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        errors++;
        String text = describeWithCause(e);
        if (!broken.contains(text)) {
          broken.add(text);
        }
      }
    }
  }
}
