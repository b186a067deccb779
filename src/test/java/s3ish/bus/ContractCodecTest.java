package s3ish.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractCodecTest {

  @Test
  void everyControlRecordSurvivesTheWire() {
    for (Class<?> type : Contract.RECORDS) {
      Object original = sample(type);
      MessageCodec<Object, Object> codec = jsonCodec(type);
      assertEquals(original, overTheWire(codec, original), type.getSimpleName());
    }
  }

  @Test
  void everyControlRecordIsPassedLocallyAsTheSameInstance() {
    for (Class<?> type : Contract.RECORDS) {
      Object original = sample(type);
      assertSame(original, jsonCodec(type).transform(original), type.getSimpleName());
    }
  }

  @Test
  void identitiesWithAndWithoutChunkSigningSurviveTheWire() {
    MessageCodec<Object, Object> codec = jsonCodec(AuthMessages.Identity.class);
    AuthMessages.Identity plain = new AuthMessages.Identity("demo", AuthMessages.Method.HEADER_KEYS, null, null);
    AuthMessages.Identity chunked = new AuthMessages.Identity("demo", AuthMessages.Method.SIGV4_HEADER, null,
        new AuthMessages.ChunkSigning("00ff", "20261127T101530Z", "20261127/us-east-1/s3/aws4_request", "ab12"));
    assertEquals(plain, overTheWire(codec, plain));
    assertEquals(chunked, overTheWire(codec, chunked));
  }

  @Test
  void chunkSurvivesTheWireWithItsBytes() {
    byte[] data = new byte[70_000];
    new java.util.Random(1).nextBytes(data);
    StreamMessages.Chunk chunk = new StreamMessages.Chunk("stream-é", 42, Buffer.buffer(data));
    Contract.ChunkCodec codec = new Contract.ChunkCodec();
    StreamMessages.Chunk decoded = overTheWire(codec, chunk);
    assertEquals("stream-é", decoded.streamId());
    assertEquals(42, decoded.seq());
    assertArrayEquals(data, decoded.data().getBytes());
    assertSame(chunk, codec.transform(chunk));
  }

  @Test
  void registeredCodecsDeliverLocallyWithoutCopying() {
    Vertx vertx = Vertx.vertx();
    try {
      Contract.registerCodecs(vertx);
      Object sent = sample(StorageMessages.PutObject.class);
      vertx.eventBus().consumer("test.identity", m -> m.reply(m.body() == sent)).completion().await();
      assertEquals(true, vertx.eventBus().request("test.identity", sent).await().body());
    } finally {
      vertx.close().await();
    }
  }

  /** What clustered delivery does: encode after some unrelated bytes, decode from that position. */
  private static <T> T overTheWire(MessageCodec<T, T> codec, T value) {
    Buffer wire = Buffer.buffer().appendString("header");
    codec.encodeToWire(wire, value);
    return codec.decodeFromWire("header".length(), wire);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static MessageCodec<Object, Object> jsonCodec(Class<?> type) {
    return (MessageCodec) new Contract.JsonRecordCodec<>(type);
  }

  /** A record with a distinct non-null value in every component, nested records and collections included. */
  private static Object sample(Type type) {
    Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == String.class) {
      return "v-" + COUNTER[0]++;
    }
    if (raw == Buffer.class) {
      return Buffer.buffer(new byte[] {0, (byte) 0xff, (byte) COUNTER[0]++}); // bytes that are not text
    }
    if (raw == long.class || raw == Long.class) {
      return (long) (1_700_000_000_000L + COUNTER[0]++);
    }
    if (raw == int.class || raw == Integer.class) {
      return COUNTER[0]++;
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return true;
    }
    if (raw.isEnum()) {
      Object[] constants = raw.getEnumConstants();
      return constants[constants.length - 1];
    }
    if (raw == List.class) {
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      return List.of(sample(element), sample(element));
    }
    if (raw == Set.class) {
      return Set.of(sample(((ParameterizedType) type).getActualTypeArguments()[0]));
    }
    if (raw == Map.class) {
      Type[] kv = ((ParameterizedType) type).getActualTypeArguments();
      return Map.of(sample(kv[0]), sample(kv[1]));
    }
    if (raw.isRecord()) {
      RecordComponent[] components = raw.getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      List<Object> args = new ArrayList<>();
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        args.add(sample(components[i].getGenericType()));
      }
      try {
        Constructor<?> c = raw.getDeclaredConstructor(types);
        return c.newInstance(args.toArray());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(raw.getName(), e);
      }
    }
    throw new IllegalArgumentException("no sample for " + type);
  }

  private static final int[] COUNTER = {1};
}
