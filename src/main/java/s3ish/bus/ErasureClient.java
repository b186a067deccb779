package s3ish.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;
import s3ish.bus.ErasureMessages.Blocks;
import s3ish.bus.ErasureMessages.DecodeStripe;
import s3ish.bus.ErasureMessages.EncodeStripe;

/**
 * The typed face of the erasure role: Reed-Solomon coding of one stripe per request, served by whichever
 * erasure verticle the bus picks (on this node or another). Failures arrive as {@link S3Exception}s.
 */
public final class ErasureClient {
  private final Vertx vertx;
  private final DeliveryOptions options;

  public ErasureClient(Vertx vertx) {
    this.vertx = vertx;
    this.options = new DeliveryOptions();
  }

  /** The parity blocks of one stripe ({@code data}: the data blocks back to back, equal lengths). */
  public Future<List<Buffer>> encode(int dataShards, int parityShards, Buffer data) {
    return this.<Blocks>request(Addresses.ERASURE_ENCODE, new EncodeStripe(dataShards, parityShards, data))
        .map(Blocks::blocks);
  }

  /** Every block of one stripe, rebuilt from the present ones ({@code blocks}: one per shard, null if missing). */
  public Future<List<Buffer>> decode(int dataShards, int parityShards, int blockLength, List<Buffer> blocks) {
    return this.<Blocks>request(Addresses.ERASURE_DECODE,
        new DecodeStripe(dataShards, parityShards, blockLength, blocks)).map(Blocks::blocks);
  }

  private <R> Future<R> request(String address, Object body) {
    return vertx.eventBus().<R>request(address, body, options)
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(BusErrors.toS3(e)));
  }
}
