package s3ish.storage;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** Bytes the memory backend may hold, reserved before each allocation and released when data is dropped. */
final class Capacity {
  private final long max;
  private final AtomicLong used = new AtomicLong();

  Capacity(long max) {
    if (max <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.max = max;
  }

  /** {@code configured} 0 means the JVM's direct memory limit. */
  static Capacity of(long configured) {
    return new Capacity(configured > 0 ? configured : jvmDirectMemoryLimit());
  }

  /**
   * -XX:MaxDirectMemorySize when given; otherwise the JVM allows as much direct memory as the max heap.
   */
  static long jvmDirectMemoryLimit() {
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    long limit = -1;
    for (String arg : args) {
      if (arg.startsWith("-XX:MaxDirectMemorySize=")) {
        limit = parseSize(arg.substring("-XX:MaxDirectMemorySize=".length()));
      }
    }
    return limit > 0 ? limit : Runtime.getRuntime().maxMemory();
  }

  static long parseSize(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    switch (last) {
      case 'k' -> unit = 1L << 10;
      case 'm' -> unit = 1L << 20;
      case 'g' -> unit = 1L << 30;
      case 't' -> unit = 1L << 40;
      default -> unit = 1;
    }
    String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
    try {
      return Long.parseLong(digits) * unit;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Reserves {@code bytes} or fails with StorageFull, leaving nothing reserved. */
  void reserve(long bytes) {
    while (true) {
      long now = used.get();
      if (now + bytes > max) {
        throw new S3Exception(S3ErrorCode.STORAGE_FULL);
      }
      if (used.compareAndSet(now, now + bytes)) {
        return;
      }
    }
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  long max() {
    return max;
  }
}
