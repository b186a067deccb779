package s3ish.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The build's version, from the Maven-filtered {@code s3ish/version.properties}, else the jar manifest. */
public final class Version {
  private static final String UNKNOWN = "dev";

  private Version() {}

  public static String current() {
    try (InputStream in = Version.class.getResourceAsStream("/s3ish/version.properties")) {
      if (in != null) {
        Properties props = new Properties();
        props.load(in);
        String v = props.getProperty("version", "");
        // unfiltered when run from sources without Maven's resource phase
        if (!v.isBlank() && !v.contains("${")) {
          return v;
        }
      }
    } catch (IOException ignored) {
      // fall through to the manifest
    }
    String manifest = Version.class.getPackage().getImplementationVersion();
    return manifest != null ? manifest : UNKNOWN;
  }

  /** For picocli's {@code --version}. */
  public static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"s3ish " + current()};
    }
  }
}
