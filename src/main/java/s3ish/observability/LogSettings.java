package s3ish.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;
import s3ish.config.ConfigException;

/**
 * The log set-up chosen at start: format ({@code LOG_FORMAT=human|json}), root level ({@code LOG_LEVEL}) and
 * per-logger levels (the {@code log} setting, {@code S3ISH_LOG}, in the seed's {@code RUST_LOG} syntax:
 * {@code info,s3ish.storage=debug}; Rust module paths {@code a::b} name the logger {@code a.b}). A bare level in
 * the filters overrides {@code LOG_LEVEL}. Applied on top of {@code logback.xml}, whose console appender
 * writes to stderr.
 */
public record LogSettings(Format format, Level root, Map<String, Level> loggers) {
  public enum Format { HUMAN, JSON }

  /**
   * @param format LOG_FORMAT or null; @param level LOG_LEVEL or null; @param filters S3ISH_LOG (or RUST_LOG) or null
   * @throws ConfigException naming the variable with a bad value
   */
  public static LogSettings parse(String format, String level, String filters) {
    Format f = Format.HUMAN;
    if (format != null && !format.isBlank()) {
      try {
        f = Format.valueOf(format.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("environment variable LOG_FORMAT: expected human or json, got '" + format + "'");
      }
    }
    Level root = level == null || level.isBlank() ? null : level("environment variable LOG_LEVEL", level);
    Map<String, Level> loggers = new LinkedHashMap<>();
    if (filters != null) {
      for (String part : filters.split(",")) {
        String item = part.strip();
        if (item.isEmpty()) {
          continue;
        }
        int eq = item.indexOf('=');
        if (eq < 0) {
          root = level("log filter", item);
        } else {
          String name = item.substring(0, eq).strip().replace("::", ".");
          if (name.isEmpty()) {
            throw new ConfigException("log filter '" + item + "': expected logger=level");
          }
          loggers.put(name, level("log filter " + name, item.substring(eq + 1)));
        }
      }
    }
    return new LogSettings(f, root, Map.copyOf(loggers));
  }

  private static Level level(String source, String text) {
    Level parsed = Level.toLevel(text.strip(), null);
    if (parsed == null) {
      throw new ConfigException(source + ": expected trace, debug, info, warn, error or off, got '" + text.strip() + "'");
    }
    return parsed;
  }

  /** Reconfigures Logback; does nothing when SLF4J is bound to another backend. */
  public void apply() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger rootLogger = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root != null) {
      rootLogger.setLevel(root);
    }
    loggers.forEach((name, lvl) -> context.getLogger(name).setLevel(lvl));
    if (format == Format.JSON) {
      for (Iterator<Appender<ILoggingEvent>> it = rootLogger.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
          appender.setEncoder(jsonEncoder(context));
        }
      }
    }
  }

  /** One JSON object per line: timestamp, level, thread, logger, mdc (requestId), kvpList, message, throwable. */
  private static JsonEncoder jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithContext(false);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
