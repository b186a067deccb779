package s3ish.bench;

import java.util.function.IntSupplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;

/**
 * The keys a run works on: {@code prefix} + a zero-padded index below {@code size}, drawn uniformly or by Zipf
 * (index 0 the most popular). The prefix is restricted to characters that need no URL encoding, so a key is
 * its own path segment.
 */
record KeySpace(String prefix, int size, Distribution distribution, double zipfExponent) {
  enum Distribution { UNIFORM, ZIPF }

  KeySpace {
    if (!prefix.matches("[A-Za-z0-9._/-]*")) {
      throw new IllegalArgumentException("key prefix may use only A-Z a-z 0-9 . _ / -, got '" + prefix + "'");
    }
    if (size < 1) {
      throw new IllegalArgumentException("key space must hold at least one key, got " + size);
    }
    if (distribution == Distribution.ZIPF && !(zipfExponent > 0)) {
      throw new IllegalArgumentException("Zipf exponent must be positive, got " + zipfExponent);
    }
  }

  String key(int index) {
    String digits = Integer.toString(index);
    return prefix + "0".repeat(Math.max(0, 8 - digits.length())) + digits;
  }

  /** A source of key indexes for one worker (samplers are not thread-safe). */
  IntSupplier sampler(UniformRandomProvider random) {
    if (distribution == Distribution.UNIFORM) {
      return () -> random.nextInt(size);
    }
    DiscreteSampler zipf = RejectionInversionZipfSampler.of(random, size, zipfExponent);
    return () -> zipf.sample() - 1;
  }
}
