package s3ish.bus;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * The three messages of the stream protocol, all sent to a stream endpoint and routed by {@code streamId}.
 * Chunk and End are requests: the consumer's reply to a Chunk returns one credit; the reply to End carries
 * the result (for an upload, the committed ObjectInfo). Abort is one-way.
 */
public final class StreamMessages {
  private StreamMessages() {}

  /** {@code seq} starts at 0 and has no gaps; {@code data} is never modified after it is sent. */
  public record Chunk(String streamId, long seq, Buffer data) {}

  /** {@code seq} is the number of chunks sent; {@code checksums} are expected digests known only at the end (trailers). */
  public record End(String streamId, long seq, long totalBytes, Map<Checksum, String> checksums) {}

  /** The producer gives up: the consumer discards everything it received for this stream. */
  public record Abort(String streamId, int code, String reason) {}
}
