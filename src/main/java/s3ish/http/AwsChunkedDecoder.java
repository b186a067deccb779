package s3ish.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import s3ish.auth.ChunkSignatureChain;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * Strips the {@code aws-chunked} framing from a body as it streams: {@code <hex-size>[;ext]\r\n<data>\r\n}
 * ... {@code 0[;ext]\r\n[trailers]\r\n}.
 *
 * <p>Signed ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}, a {@link ChunkSignatureChain} given): every chunk must
 * carry {@code ;chunk-signature=<hex>}, and each chunk, the final empty one included, is held until its
 * signature is verified, so no unverified byte goes downstream; at most one chunk ({@link #MAX_SIGNED_CHUNK})
 * is held. A wrong signature fails the stream with SignatureDoesNotMatch. Trailers are allowed only in the
 * {@code -TRAILER} variant, and then must end with {@code x-amz-trailer-signature}, which signs them as a block
 * chained from the final chunk's signature.
 *
 * <p>Unsigned (no chain): chunk extensions are skipped and data is passed on as slices of the input, nothing
 * buffered but a header line.
 *
 * <p>Trailers ({@code name:value} lines after the final chunk, at most {@link #MAX_TRAILERS} bytes) are parsed;
 * the one declared in {@code x-amz-trailer} must be there and well-formed, and is handed to the trailer handler
 * before the end is signalled (so it can go with the upload's End), else MalformedTrailerError.
 *
 * <p>Either way, malformed framing or a body that ends early fails the stream with IncompleteBody (or
 * InvalidRequest), and the end is only signalled once the source ended after a complete final chunk, with
 * exactly {@code expectedLength} decoded bytes (when it is not negative). A failed stream never ends, so the
 * upload it feeds is aborted, not committed. Backpressure: the consumer's pause/resume/fetch is honoured and
 * the source is paused while verified output waits.
 */
final class AwsChunkedDecoder implements ReadStream<Buffer> {
  private static final int MAX_LINE = 4096;
  /** The AWS SDKs send 64 or 128 KiB chunks; anything much larger would only be a way to make us buffer. */
  static final long MAX_SIGNED_CHUNK = 16L * 1024 * 1024;
  private static final String SIGNATURE_EXTENSION = "chunk-signature=";
  /** Trailers are a few checksum lines; a bound keeps them from being a way to make us buffer. */
  static final int MAX_TRAILERS = 16 * 1024;
  static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

  private enum State { SIZE_LINE, DATA, DATA_CRLF, TRAILER_LINE, DONE, FAILED }

  private final ReadStream<Buffer> source;
  private final ChunkSignatureChain chain;
  private final long expectedLength;
  private final boolean trailersAllowed;
  private final Checksum declaredTrailer;
  private BiConsumer<Checksum, String> trailerHandler;
  private final Map<String, String> trailers = new LinkedHashMap<>();
  private int trailerBytes;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  // framing
  private State state = State.SIZE_LINE;
  private final StringBuilder line = new StringBuilder();
  private boolean sawCr;
  private long remaining;
  private int crlfSeen;
  private long decodedBytes;
  // signed mode: the chunk being received and the signature it claims
  private Buffer held;
  private String heldSignature;

  // output side: decoded data waiting for demand, and the end once the source ended cleanly
  private final ArrayDeque<Buffer> ready = new ArrayDeque<>();
  private long demand = Long.MAX_VALUE;
  private boolean endReady;
  private boolean ended;
  private boolean pumping;
  // The HTTP role pauses every request until its operation reads the body.
  private boolean sourcePaused = true;

  /** Unsigned decoding, any length, trailers parsed but none required. */
  AwsChunkedDecoder(ReadStream<Buffer> source) {
    this(source, null, -1);
  }

  /** Without trailers when signed; unsigned, trailers are parsed but none required. */
  AwsChunkedDecoder(ReadStream<Buffer> source, ChunkSignatureChain chain, long expectedLength) {
    this(source, chain, expectedLength, chain == null, null);
  }

  /**
   * @param chain verifies the chunk signatures (and the trailer signature), or null for unsigned decoding
   * @param expectedLength x-amz-decoded-content-length, or negative when not to be checked
   * @param trailersAllowed a {@code -TRAILER} variant: trailers may follow the final chunk
   * @param declaredTrailer the checksum named by x-amz-trailer, which must arrive; null when none
   */
  AwsChunkedDecoder(ReadStream<Buffer> source, ChunkSignatureChain chain, long expectedLength,
      boolean trailersAllowed, Checksum declaredTrailer) {
    this.source = source;
    this.chain = chain;
    this.expectedLength = expectedLength;
    this.trailersAllowed = trailersAllowed;
    this.declaredTrailer = declaredTrailer;
  }

  /** Receives the declared trailer's checksum once the trailers are complete and verified, before the end. */
  AwsChunkedDecoder trailerHandler(BiConsumer<Checksum, String> handler) {
    this.trailerHandler = handler;
    return this;
  }

  long decodedBytes() {
    return decodedBytes;
  }

  @Override
  public AwsChunkedDecoder handler(Handler<Buffer> handler) {
    this.handler = handler;
    source.handler(handler == null ? null : this::onData);
    return this;
  }

  @Override
  public AwsChunkedDecoder endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    source.endHandler(endHandler == null ? null : v -> onEnd());
    return this;
  }

  @Override
  public AwsChunkedDecoder exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    source.exceptionHandler(handler == null ? null : this::onSourceFailure);
    return this;
  }

  @Override
  public AwsChunkedDecoder pause() {
    demand = 0;
    pauseSource();
    return this;
  }

  @Override
  public AwsChunkedDecoder resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public AwsChunkedDecoder fetch(long amount) {
    if (amount > 0) {
      demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
    }
    pump();
    return this;
  }

  // ---- output

  /** Emits what demand allows, then the end if due; then lets the source flow only if nothing waits. */
  private void pump() {
    if (pumping) {
      return; // the outer pump's loop sees any new demand or data
    }
    pumping = true;
    try {
      while (demand > 0 && !ready.isEmpty() && state != State.FAILED) {
        Buffer next = ready.poll();
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        if (handler != null) {
          handler.handle(next);
        }
      }
      if (endReady && ready.isEmpty() && !ended && state != State.FAILED) {
        ended = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
    } finally {
      pumping = false;
    }
    if (state == State.FAILED || ended) {
      return;
    }
    if (demand > 0 && ready.isEmpty()) {
      resumeSource();
    } else {
      pauseSource();
    }
  }

  private void pauseSource() {
    sourcePaused = true;
    source.pause();
  }

  private void resumeSource() {
    if (sourcePaused) {
      sourcePaused = false;
      source.resume();
    }
  }

  // ---- input

  private void onData(Buffer data) {
    int pos = 0;
    int length = data.length();
    while (pos < length && state != State.FAILED) {
      switch (state) {
        case SIZE_LINE, TRAILER_LINE -> pos = readLine(data, pos);
        case DATA -> pos = readData(data, pos);
        case DATA_CRLF -> {
          byte b = data.getByte(pos++);
          if ((crlfSeen == 0 && b != '\r') || (crlfSeen == 1 && b != '\n')) {
            fail(S3ErrorCode.INCOMPLETE_BODY, "chunk data is not followed by CRLF");
          } else if (++crlfSeen == 2) {
            state = State.SIZE_LINE;
            if (chain != null) {
              Buffer chunk = held;
              held = null;
              if (verify(chunk)) {
                ready.add(chunk);
              }
            }
          }
        }
        case DONE -> fail(S3ErrorCode.INCOMPLETE_BODY, "bytes after the final chunk");
        default -> pos = length;
      }
    }
    pump();
  }

  private int readData(Buffer data, int pos) {
    int n = (int) Math.min(remaining, data.length() - pos);
    Buffer slice = data.slice(pos, pos + n);
    remaining -= n;
    decodedBytes += n;
    if (expectedLength >= 0 && decodedBytes > expectedLength) {
      fail(S3ErrorCode.INVALID_REQUEST, "more data than x-amz-decoded-content-length (" + expectedLength + ")");
      return data.length();
    }
    if (chain != null) {
      held.appendBuffer(slice); // a copy: the input buffer is not ours to keep
    } else {
      ready.add(slice);
    }
    if (remaining == 0) {
      state = State.DATA_CRLF;
      crlfSeen = 0;
    }
    return pos + n;
  }

  private int readLine(Buffer data, int pos) {
    while (pos < data.length()) {
      byte b = data.getByte(pos++);
      if (sawCr) {
        if (b != '\n') {
          fail(S3ErrorCode.INCOMPLETE_BODY, "bare CR in a chunk header");
          return data.length();
        }
        sawCr = false;
        String text = line.toString();
        line.setLength(0);
        lineDone(text);
        return pos;
      }
      if (b == '\r') {
        sawCr = true;
      } else if (line.length() >= MAX_LINE) {
        fail(S3ErrorCode.INCOMPLETE_BODY, "chunk header line too long");
        return data.length();
      } else {
        line.append((char) (b & 0xff));
      }
    }
    return pos;
  }

  private void lineDone(String text) {
    if (state == State.TRAILER_LINE) {
      if (text.isEmpty()) {
        trailersDone();
      } else if (!trailersAllowed) {
        fail(S3ErrorCode.INCOMPLETE_BODY, "trailers after a signed final chunk");
      } else {
        trailer(text);
      }
      return;
    }
    int semi = text.indexOf(';');
    long size = chunkSize((semi < 0 ? text : text.substring(0, semi)).trim());
    if (size < 0) {
      fail(S3ErrorCode.INCOMPLETE_BODY, "bad chunk size");
      return;
    }
    if (chain != null) {
      heldSignature = signatureOf(text, semi);
      if (heldSignature == null) {
        fail(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "a chunk carries no chunk-signature");
        return;
      }
      if (size > MAX_SIGNED_CHUNK) {
        fail(S3ErrorCode.INVALID_REQUEST, "a chunk of " + size + " bytes exceeds the " + MAX_SIGNED_CHUNK
            + "-byte limit");
        return;
      }
    }
    if (size == 0) {
      if (chain == null || verify(Buffer.buffer())) {
        state = State.TRAILER_LINE;
      }
    } else {
      remaining = size;
      state = State.DATA;
      if (chain != null) {
        held = Buffer.buffer((int) Math.min(size, 64 * 1024));
      }
    }
  }

  /** One {@code name:value} trailer line. */
  private void trailer(String text) {
    trailerBytes += text.length() + 2;
    int colon = text.indexOf(':');
    if (trailerBytes > MAX_TRAILERS) {
      fail(S3ErrorCode.MALFORMED_TRAILER, "trailers longer than " + MAX_TRAILERS + " bytes");
    } else if (colon <= 0) {
      fail(S3ErrorCode.MALFORMED_TRAILER, "a trailer line is not name:value");
    } else if (trailers.putIfAbsent(text.substring(0, colon).trim().toLowerCase(Locale.ROOT),
        text.substring(colon + 1).trim()) != null) {
      fail(S3ErrorCode.MALFORMED_TRAILER, "a trailer appears twice");
    }
  }

  /** The blank line after the trailers: verify them, hand the checksum on, and only then let the end come. */
  private void trailersDone() {
    if (chain != null && trailersAllowed) {
      String signature = trailers.remove(TRAILER_SIGNATURE);
      if (signature == null) {
        fail(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "the trailers carry no " + TRAILER_SIGNATURE);
        return;
      }
      if (!chain.verifyTrailer(trailers, signature)) {
        fail(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "the trailer signature does not match the trailers");
        return;
      }
    }
    if (declaredTrailer != null) {
      String value = trailers.get(declaredTrailer.header());
      if (value == null) {
        fail(S3ErrorCode.MALFORMED_TRAILER, "the trailer " + declaredTrailer.header() + " named in x-amz-trailer "
            + "is missing");
        return;
      }
      if (!declaredTrailer.isWellFormed(value)) {
        fail(new S3Exception(S3ErrorCode.INVALID_REQUEST,
            "Value for " + declaredTrailer.header() + " trailing header is invalid."));
        return;
      }
      if (trailerHandler != null) {
        trailerHandler.accept(declaredTrailer, value);
      }
    }
    state = State.DONE;
  }

  /** Hex digits only (no sign, no 0x), at most 15 significant: the size, else -1. */
  private static long chunkSize(String hex) {
    if (hex.isEmpty()) {
      return -1;
    }
    int significant = 0;
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (Character.digit(c, 16) < 0 || c > 'f') {
        return -1;
      }
      if (significant > 0 || c != '0') {
        significant++;
      }
    }
    return significant > 15 ? -1 : Long.parseLong(hex, 16);
  }

  /** The value of the chunk-signature extension, or null. */
  private static String signatureOf(String line, int semi) {
    if (semi < 0) {
      return null;
    }
    for (String extension : line.substring(semi + 1).split(";")) {
      String e = extension.trim();
      if (e.startsWith(SIGNATURE_EXTENSION)) {
        return e.substring(SIGNATURE_EXTENSION.length());
      }
    }
    return null;
  }

  /** Checks the held chunk's signature; fails the stream when it does not match. */
  private boolean verify(Buffer chunk) {
    if (chain.verifyNext(sha256(chunk), heldSignature)) {
      return true;
    }
    fail(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "a chunk signature does not match its data and position");
    return false;
  }

  private static byte[] sha256(Buffer data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data.getBytes());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private void onEnd() {
    if (state == State.FAILED) {
      return;
    }
    if (state != State.DONE) {
      fail(S3ErrorCode.INCOMPLETE_BODY, "the body ended before the final chunk");
      return;
    }
    if (expectedLength >= 0 && decodedBytes != expectedLength) {
      fail(S3ErrorCode.INCOMPLETE_BODY, decodedBytes + " bytes decoded where x-amz-decoded-content-length says "
          + expectedLength);
      return;
    }
    endReady = true;
    pump();
  }

  private void onSourceFailure(Throwable cause) {
    if (state == State.FAILED || ended) {
      return;
    }
    state = State.FAILED;
    ready.clear();
    if (exceptionHandler != null) {
      exceptionHandler.handle(cause);
    }
  }

  private void fail(S3ErrorCode code, String why) {
    fail(new S3Exception(code, (code == S3ErrorCode.SIGNATURE_DOES_NOT_MATCH ? "aws-chunked body: "
        : "Malformed aws-chunked body: ") + why + "."));
  }

  private void fail(S3Exception error) {
    state = State.FAILED;
    ready.clear();
    held = null;
    pauseSource();
    if (exceptionHandler != null) {
      exceptionHandler.handle(error);
    }
  }
}
