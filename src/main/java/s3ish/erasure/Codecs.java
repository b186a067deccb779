package s3ish.erasure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link ReedSolomon} per (data, parity) pair, so decoding matrices are cached across stripes. */
final class Codecs {
  private Codecs() {}

  private static final Map<Long, ReedSolomon> BY_SHAPE = new ConcurrentHashMap<>();

  static ReedSolomon of(int dataShards, int parityShards) {
    return BY_SHAPE.computeIfAbsent((long) dataShards << 32 | parityShards,
        shape -> ReedSolomon.of(dataShards, parityShards));
  }
}
