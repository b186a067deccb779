package s3ish.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The shard header and block geometry. */
class ShardFormatTest {

  @Test
  void headerRoundTrips() {
    ShardHeader header = new ShardHeader(8, 4, 11, 65536, 123_456_789_012L);
    ByteBuffer encoded = header.encode();
    assertEquals(ShardHeader.BYTES, encoded.remaining());
    assertEquals(header, ShardHeader.decode(encoded));
  }

  @Test
  void everySingleBitFlipInTheHeaderIsDetected() {
    byte[] bytes = new ShardHeader(4, 2, 5, 4096, 1_000_000).encode().array();
    for (int bit = 0; bit < bytes.length * 8; bit++) {
      byte[] flipped = bytes.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(CorruptShardException.class, () -> ShardHeader.decode(ByteBuffer.wrap(flipped)), "bit " + bit);
    }
  }

  @Test
  void shortOrForeignHeadersAreRefused() {
    assertThrows(CorruptShardException.class, () -> ShardHeader.decode(ByteBuffer.allocate(10)));
    assertThrows(CorruptShardException.class, () -> ShardHeader.decode(ByteBuffer.allocate(ShardHeader.BYTES)));
  }

  @Test
  void layoutSplitsTheLastStripeIntoEqualPaddedBlocks() {
    ShardLayout layout = new ShardLayout(4, 100, 1000 + 4 * 100 + 7);
    assertEquals(400, layout.stripeBytes());
    assertEquals(4, layout.stripeCount()); // 400 + 400 + 400 + 207
    assertEquals(100, layout.blockLength(2));
    assertEquals(207, layout.stripeDataLength(3));
    assertEquals(52, layout.blockLength(3)); // ceil(207 / 4)
    assertEquals(ShardHeader.BYTES + 3 * 104, layout.blockOffset(3));
    assertEquals(ShardHeader.BYTES + 3 * 104 + 52 + 4, layout.shardFileLength());
  }

  @Test
  void emptyBlobHasHeadersOnly() {
    ShardLayout layout = new ShardLayout(2, 100, 0);
    assertEquals(0, layout.stripeCount());
    assertEquals(ShardHeader.BYTES, layout.shardFileLength());
  }

  @Test
  void exactStripesHaveNoShortBlock() {
    ShardLayout layout = new ShardLayout(2, 100, 400);
    assertEquals(2, layout.stripeCount());
    assertEquals(100, layout.blockLength(1));
  }
}
