package s3ish.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The buffered stderr appender on its own logger context, with System.err captured. */
class BufferedStderrAppenderTest {
  private final Captured captured = new Captured();
  private final LoggerContext context = new LoggerContext();
  private PrintStream originalErr;
  private BufferedStderrAppender appender;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    if (appender != null) {
      appender.stop();
    }
    context.stop();
    System.setErr(originalErr);
  }

  private Logger logger(long flushMillis) {
    context.setMDCAdapter(new LogbackMDCAdapter());
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %msg%n");
    encoder.start();
    appender = new BufferedStderrAppender();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setFlushMillis(flushMillis);
    appender.start();
    Logger logger = context.getLogger("buffered");
    logger.addAppender(appender);
    return logger;
  }

  private String written() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** What reached System.err, with a wait for a text to arrive. */
  private static final class Captured extends ByteArrayOutputStream {
    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      super.write(bytes, offset, length);
      notifyAll();
    }

    synchronized void awaitText(String text, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!toString(StandardCharsets.UTF_8).contains(text) && System.nanoTime() < deadline) {
        wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    }
  }

  @Test
  void infoWaitsForAFlushAndWarnGoesOutAtOnceWithWhatCameBefore() {
    Logger log = logger(Duration.ofHours(1).toMillis());
    log.info("first");
    log.info("second");
    assertEquals("", written());

    log.warn("third");
    assertEquals("INFO first\nINFO second\nWARN third\n", written());

    log.info("fourth");
    assertEquals("INFO first\nINFO second\nWARN third\n", written());
    BufferedStderrAppender.flushAll();
    assertEquals("INFO first\nINFO second\nWARN third\nINFO fourth\n", written());
  }

  @Test
  void theTimerWritesOutALoneInfoLine() throws InterruptedException {
    Logger log = logger(5);
    log.info("alone");
    captured.awaitText("INFO alone", Duration.ofSeconds(30));
    assertEquals("INFO alone\n", written());
  }

  @Test
  void stoppingFlushesAndLeavesStderrOpen() {
    Logger log = logger(Duration.ofHours(1).toMillis());
    log.info("last words");
    appender.stop();
    appender = null;
    assertEquals("INFO last words\n", written());
    System.err.print("still open");
    assertFalse(System.err.checkError());
    assertTrue(written().endsWith("still open"));
  }

  @Test
  void aLargeBurstArrivesWholeAndInOrder() {
    Logger log = logger(Duration.ofHours(1).toMillis());
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      log.info("line {}", i);
      expected.append("INFO line ").append(i).append('\n');
    }
    assertTrue(written().length() > 0, "a full buffer goes out without waiting for the timer");
    BufferedStderrAppender.flushAll();
    assertEquals(expected.toString(), written());
  }
}
