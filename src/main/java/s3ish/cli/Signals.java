package s3ish.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful stop. Handled as signals rather than only by a shutdown hook because a
 * hook cannot choose the exit status: a node stopped on request should exit 0, not 143.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /** Runs {@code stop} on the first TERM or INT; returns false when signals cannot be handled (e.g. -Xrs). */
  static boolean onTerminate(Runnable stop) {
    try {
      for (String name : new String[] {"TERM", "INT"}) {
        Signal.handle(new Signal(name), signal -> {
          LOG.info("SIG{} received: draining", signal.getName());
          stop.run();
        });
      }
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.debug("signals unavailable, relying on the shutdown hook: {}", e.getMessage());
      return false;
    }
  }
}
