package s3ish.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import java.util.Map;
import org.junit.jupiter.api.Test;
import s3ish.config.ConfigException;

class LogSettingsTest {
  @Test
  void nothingSetMeansHumanLogsAndLogbackXmlLevels() {
    LogSettings settings = LogSettings.parse(null, null, null);
    assertEquals(LogSettings.Format.HUMAN, settings.format());
    assertNull(settings.root());
    assertEquals(Map.of(), settings.loggers());
  }

  @Test
  void formatAndLevelAreCaseInsensitive() {
    LogSettings settings = LogSettings.parse("JSON", "Debug", "");
    assertEquals(LogSettings.Format.JSON, settings.format());
    assertEquals(Level.DEBUG, settings.root());
  }

  @Test
  void filtersSetLoggersAndABareLevelOverridesLogLevel() {
    LogSettings settings = LogSettings.parse("human", "warn", " info , s3ish.storage=debug,s3ish.access=off");
    assertEquals(Level.INFO, settings.root());
    assertEquals(Map.of("s3ish.storage", Level.DEBUG, "s3ish.access", Level.OFF), settings.loggers());
  }

  @Test
  void rustModulePathsNameLoggers() {
    assertEquals(Map.of("s3ish.storage", Level.TRACE), LogSettings.parse(null, null, "s3ish::storage=trace").loggers());
  }

  @Test
  void badValuesNameTheirSource() {
    assertEquals("environment variable LOG_FORMAT: expected human or json, got 'xml'",
        assertThrows(ConfigException.class, () -> LogSettings.parse("xml", null, null)).getMessage());
    assertEquals("environment variable LOG_LEVEL: expected trace, debug, info, warn, error or off, got 'loud'",
        assertThrows(ConfigException.class, () -> LogSettings.parse(null, "loud", null)).getMessage());
    assertEquals("log filter s3ish: expected trace, debug, info, warn, error or off, got 'verbose'",
        assertThrows(ConfigException.class, () -> LogSettings.parse(null, null, "s3ish=verbose")).getMessage());
    assertEquals("log filter '=debug': expected logger=level",
        assertThrows(ConfigException.class, () -> LogSettings.parse(null, null, "=debug")).getMessage());
  }
}
