package s3ish.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console appender of {@code logback.xml}, buffered: lines reach stderr when the buffer fills, at most
 * {@code flushMillis} (100) after they were logged, at once for WARN and ERROR, and at JVM exit. One write(2) per
 * access-log line cost 7 % of a 4 KiB GET's CPU (docs/PERFORMANCE.md); the price is that {@code kill -9} loses at
 * most the last {@code flushMillis} of INFO and DEBUG lines, as with a buffered access log in nginx or Envoy.
 */
public final class BufferedStderrAppender extends OutputStreamAppender<ILoggingEvent> {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final Set<BufferedStderrAppender> STARTED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(BufferedStderrAppender::flushAll, "s3ish-log-flush-at-exit"));
  }

  private long flushMillis = 100;
  private Stderr stderr;
  private ScheduledExecutorService flusher;

  /** The bean property {@code <flushMillis>} of logback.xml. */
  public void setFlushMillis(long flushMillis) {
    this.flushMillis = flushMillis;
  }

  /** Writes out every started appender's buffer; for the launcher before it exits or reports a failure. */
  public static void flushAll() {
    STARTED.forEach(appender -> appender.stderr.flushQuietly());
  }

  @Override
  public void start() {
    // System.err as it is now, so that a test's System.setErr still sees the lines
    stderr = new Stderr(System.err);
    setOutputStream(stderr);
    setImmediateFlush(false);
    super.start();
    if (!isStarted()) {
      return;
    }
    flusher = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "s3ish-log-flush");
      thread.setDaemon(true);
      return thread;
    });
    flusher.scheduleWithFixedDelay(stderr::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    STARTED.add(this);
  }

  @Override
  protected void subAppend(ILoggingEvent event) {
    super.subAppend(event);
    if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
      stderr.flushQuietly();
    }
  }

  @Override
  public void stop() {
    STARTED.remove(this);
    if (flusher != null) {
      flusher.shutdownNow();
    }
    super.stop();
  }

  /** Buffered stderr whose close only flushes: stopping the appender must not close System.err. */
  private static final class Stderr extends BufferedOutputStream {
    Stderr(PrintStream err) {
      super(err, BUFFER_BYTES);
    }

    @Override
    public synchronized void flush() throws IOException {
      if (count > 0) {
        super.flush();
      }
    }

    void flushQuietly() {
      try {
        flush();
      } catch (IOException e) {
        // stderr is gone (closed pipe): nothing is left to report to
      }
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
