package s3ish.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import s3ish.bus.ErasureMessages.Blocks;
import s3ish.bus.ErasureMessages.DecodeStripe;
import s3ish.bus.ErasureMessages.EncodeStripe;

/**
 * Codecs of {@link ErasureMessages}: identity locally; on the wire a few ints and length-prefixed blocks
 * ({@code -1} for an absent one), so shard bytes never pass through JSON.
 */
final class ErasureCodecs {
  private ErasureCodecs() {}

  static void register(EventBus bus) {
    Contract.register(bus, EncodeStripe.class, new BinaryCodec<>("s3ish.erasure.encode",
        (out, e) -> writeBlocks(out.appendInt(e.dataShards()).appendInt(e.parityShards()), List.of(e.data())),
        (pos, in) -> new EncodeStripe(in.getInt(pos), in.getInt(pos + 4), readBlocks(pos + 8, in).get(0))));
    Contract.register(bus, DecodeStripe.class, new BinaryCodec<>("s3ish.erasure.decode",
        (out, d) -> writeBlocks(out.appendInt(d.dataShards()).appendInt(d.parityShards()).appendInt(d.blockLength()),
            d.blocks()),
        (pos, in) -> new DecodeStripe(in.getInt(pos), in.getInt(pos + 4), in.getInt(pos + 8), readBlocks(pos + 12, in))));
    Contract.register(bus, Blocks.class, new BinaryCodec<>("s3ish.erasure.blocks",
        (out, b) -> writeBlocks(out, b.blocks()), (pos, in) -> new Blocks(readBlocks(pos, in))));
  }

  private static void writeBlocks(Buffer out, List<Buffer> blocks) {
    out.appendInt(blocks.size());
    for (Buffer block : blocks) {
      if (block == null) {
        out.appendInt(-1);
      } else {
        out.appendInt(block.length()).appendBuffer(block);
      }
    }
  }

  private static List<Buffer> readBlocks(int pos, Buffer in) {
    int count = in.getInt(pos);
    pos += 4;
    List<Buffer> blocks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int length = in.getInt(pos);
      pos += 4;
      if (length < 0) {
        blocks.add(null);
      } else {
        blocks.add(in.getBuffer(pos, pos + length));
        pos += length;
      }
    }
    return blocks;
  }

  private static final class BinaryCodec<T> implements MessageCodec<T, T> {
    private final String name;
    private final BiConsumer<Buffer, T> writer;
    private final BiFunction<Integer, Buffer, T> reader;

    BinaryCodec(String name, BiConsumer<Buffer, T> writer, BiFunction<Integer, Buffer, T> reader) {
      this.name = name;
      this.writer = writer;
      this.reader = reader;
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
      writer.accept(buffer, value);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      return reader.apply(pos, buffer);
    }

    @Override
    public T transform(T value) {
      return value;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
