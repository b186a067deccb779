package s3ish.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * Strips the {@code aws-chunked} framing from a body as it streams ({@code <hex-size>[;ext]\r\n<data>\r\n}
 * ... {@code 0[;ext]\r\n[trailers]\r\n}), emitting slices of the input: nothing is buffered but a header line.
 * Backpressure is the source's. Chunk signatures and trailer checksums are not verified here (see the report
 * of the real-clients issue); a framing error or a body that ends early fails the stream with IncompleteBody.
 */
final class AwsChunkedDecoder implements ReadStream<Buffer> {
  private static final int MAX_LINE = 4096;

  private enum State { SIZE_LINE, DATA, DATA_CRLF, TRAILER_LINE, DONE, FAILED }

  private final ReadStream<Buffer> source;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private State state = State.SIZE_LINE;
  private final StringBuilder line = new StringBuilder();
  private boolean sawCr;
  private long remaining;
  private int crlfSeen;
  private long decodedBytes;

  AwsChunkedDecoder(ReadStream<Buffer> source) {
    this.source = source;
  }

  long decodedBytes() {
    return decodedBytes;
  }

  @Override
  public AwsChunkedDecoder handler(Handler<Buffer> handler) {
    this.handler = handler;
    if (handler == null) {
      source.handler(null);
    } else {
      source.handler(this::onData);
    }
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
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public AwsChunkedDecoder pause() {
    source.pause();
    return this;
  }

  @Override
  public AwsChunkedDecoder resume() {
    source.resume();
    return this;
  }

  @Override
  public AwsChunkedDecoder fetch(long amount) {
    source.fetch(amount);
    return this;
  }

  private void onData(Buffer data) {
    int pos = 0;
    int length = data.length();
    while (pos < length && state != State.FAILED) {
      switch (state) {
        case SIZE_LINE, TRAILER_LINE -> pos = readLine(data, pos);
        case DATA -> {
          int n = (int) Math.min(remaining, length - pos);
          Buffer slice = data.slice(pos, pos + n);
          pos += n;
          remaining -= n;
          decodedBytes += n;
          if (remaining == 0) {
            state = State.DATA_CRLF;
            crlfSeen = 0;
          }
          if (handler != null) {
            handler.handle(slice);
          }
        }
        case DATA_CRLF -> {
          byte b = data.getByte(pos++);
          if ((crlfSeen == 0 && b != '\r') || (crlfSeen == 1 && b != '\n')) {
            fail("chunk data is not followed by CRLF");
            return;
          }
          if (++crlfSeen == 2) {
            state = State.SIZE_LINE;
          }
        }
        case DONE -> {
          fail("bytes after the final chunk");
          return;
        }
        default -> {
          return;
        }
      }
    }
  }

  private int readLine(Buffer data, int pos) {
    while (pos < data.length()) {
      byte b = data.getByte(pos++);
      if (sawCr) {
        if (b != '\n') {
          fail("bare CR in a chunk header");
          return data.length();
        }
        sawCr = false;
        lineDone(line.toString());
        line.setLength(0);
        return pos;
      }
      if (b == '\r') {
        sawCr = true;
      } else if (line.length() >= MAX_LINE) {
        fail("chunk header line too long");
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
        state = State.DONE;
      }
      return; // trailers (e.g. x-amz-checksum-crc32) are not checked yet
    }
    int semi = text.indexOf(';');
    String hex = (semi < 0 ? text : text.substring(0, semi)).trim();
    long size;
    try {
      size = Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      fail("bad chunk size");
      return;
    }
    if (size < 0) {
      fail("negative chunk size");
    } else if (size == 0) {
      state = State.TRAILER_LINE;
    } else {
      remaining = size;
      state = State.DATA;
    }
  }

  private void onEnd() {
    if (state == State.FAILED) {
      return;
    }
    if (state != State.DONE) {
      fail("the body ended inside a chunk");
      return;
    }
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  private void fail(String why) {
    state = State.FAILED;
    source.pause();
    if (exceptionHandler != null) {
      exceptionHandler.handle(new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "Malformed aws-chunked body: " + why + "."));
    }
  }
}
