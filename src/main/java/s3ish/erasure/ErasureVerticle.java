package s3ish.erasure;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import s3ish.bus.Addresses;
import s3ish.bus.BusErrors;
import s3ish.bus.ErasureMessages.Blocks;
import s3ish.bus.ErasureMessages.DecodeStripe;
import s3ish.bus.ErasureMessages.EncodeStripe;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * The erasure role: Reed-Solomon encoding and decoding of single stripes on the contract addresses. Coding is
 * CPU-bound, so it runs on worker threads (unordered: stripes of different streams code in parallel), never on
 * the event loop. Refuses to deploy when the codec fails its known-answer test.
 */
public final class ErasureVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    try {
      KnownAnswer.check();
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return Future.all(
        vertx.eventBus().<EncodeStripe>consumer(Addresses.ERASURE_ENCODE, m -> code(m, () -> {
          long started = System.nanoTime();
          Blocks parity = encode(m.body());
          ErasureMetrics.encoded(m.body().data().length(), System.nanoTime() - started);
          return parity;
        }))
            .completion(),
        vertx.eventBus().<DecodeStripe>consumer(Addresses.ERASURE_DECODE, m -> code(m, () -> {
          long started = System.nanoTime();
          Blocks blocks = decode(m.body());
          ErasureMetrics.decoded((long) m.body().blockLength() * m.body().dataShards(), System.nanoTime() - started);
          return blocks;
        }))
            .completion());
  }

  private void code(Message<?> message, Callable<Blocks> work) {
    vertx.executeBlocking(work, false)
        .onSuccess(message::reply)
        .onFailure(e -> BusErrors.fail(message, e));
  }

  static Blocks encode(EncodeStripe request) {
    ReedSolomon codec = Codecs.of(request.dataShards(), request.parityShards());
    int length = request.data().length() / request.dataShards();
    if (length * request.dataShards() != request.data().length()) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "stripe of " + request.data().length()
          + " bytes does not split into " + request.dataShards() + " equal blocks");
    }
    byte[] bytes = request.data().getBytes();
    byte[][] data = new byte[request.dataShards()][];
    for (int i = 0; i < data.length; i++) {
      data[i] = new byte[length];
      System.arraycopy(bytes, i * length, data[i], 0, length);
    }
    byte[][] parity = new byte[request.parityShards()][length];
    codec.encode(data, parity, 0, length);
    List<Buffer> blocks = new ArrayList<>(parity.length);
    for (byte[] p : parity) {
      blocks.add(Buffer.buffer(p));
    }
    return new Blocks(blocks);
  }

  static Blocks decode(DecodeStripe request) {
    ReedSolomon codec = Codecs.of(request.dataShards(), request.parityShards());
    int n = codec.totalShards();
    if (request.blocks().size() != n) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "expected " + n + " blocks, got " + request.blocks().size());
    }
    byte[][] shards = new byte[n][];
    boolean[] present = new boolean[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      Buffer block = request.blocks().get(i);
      present[i] = block != null && block.length() == request.blockLength();
      shards[i] = present[i] ? block.getBytes() : new byte[request.blockLength()];
      count += present[i] ? 1 : 0;
    }
    if (count < codec.dataShards()) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "only " + count + " of " + n + " blocks present, "
          + codec.dataShards() + " needed");
    }
    codec.reconstruct(shards, present, 0, request.blockLength());
    List<Buffer> blocks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      blocks.add(present[i] ? request.blocks().get(i) : Buffer.buffer(shards[i]));
    }
    return new Blocks(blocks);
  }
}
