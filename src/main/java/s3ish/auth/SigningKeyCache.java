package s3ish.auth;

import s3ish.observability.S3ishMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Derived SigV4 signing keys, which change only daily per (secret, scope): four HMACs saved per request.
 * A bounded LRU; safe to share between threads. Entries are keyed by the secret itself, so a rotated
 * secret never reuses a stale key.
 */
final class SigningKeyCache {
  private record Key(String secret, SigV4.Scope scope) {}

  private final Map<Key, byte[]> keys;

  SigningKeyCache(int capacity) {
    this.keys = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
        return size() > capacity;
      }
    };
  }

  byte[] get(String secret, SigV4.Scope scope) {
    Key key = new Key(secret, scope);
    synchronized (keys) {
      byte[] cached = keys.get(key);
      if (cached != null) {
        S3ishMetrics.get().authSigningKey(true);
        return cached;
      }
    }
    S3ishMetrics.get().authSigningKey(false);
    // Derived outside the lock: two threads may both derive the same key, which is harmless.
    byte[] derived = SigV4.signingKey(secret, scope);
    synchronized (keys) {
      keys.put(key, derived);
    }
    return derived;
  }

  int size() {
    synchronized (keys) {
      return keys.size();
    }
  }
}
