package s3ish.bus;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Requests and replies of the erasure role: one stripe at a time, so a message is bounded by the stripe size
 * (data shards x block size) whatever the blob size. Blocks travel as {@link Buffer}s; on the wire the codec
 * writes them as raw bytes.
 */
public final class ErasureMessages {
  private ErasureMessages() {}

  /**
   * Encode one stripe: {@code data} is {@code dataShards} blocks of equal length, back to back (the last stripe
   * of a blob zero-padded to that). Reply: {@link Blocks} holding the {@code parityShards} parity blocks.
   */
  public record EncodeStripe(int dataShards, int parityShards, Buffer data) {}

  /**
   * Rebuild one stripe: {@code blocks} has one entry per shard (data first), null where a block is missing or
   * failed its checksum; at least {@code dataShards} are present, all {@code blockLength} long. Reply:
   * {@link Blocks} holding every shard's block, the present ones unchanged.
   */
  public record DecodeStripe(int dataShards, int parityShards, int blockLength, List<Buffer> blocks) {
    public DecodeStripe {
      blocks = Collections.unmodifiableList(new ArrayList<>(blocks)); // List.copyOf refuses the null entries
    }
  }

  /** Blocks of one stripe, in shard order. */
  public record Blocks(List<Buffer> blocks) {
    public Blocks {
      blocks = List.copyOf(blocks);
    }
  }
}
