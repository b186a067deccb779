package s3ish.bus;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Registers the contract's codecs on a Vert.x instance, once, before any verticle is deployed.
 *
 * <p>Local delivery hands the sender's record to the consumer unchanged (no copy, buffers included);
 * clustered delivery serializes: control records as JSON, chunks as a binary frame with the raw bytes.
 * Unknown JSON fields are ignored so nodes of neighbouring versions can talk.
 */
public final class Contract {
  private Contract() {}

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addModule(new SimpleModule("buffers")
          // only small inline bodies (ObjectRead.body, PutInline.body: at most one chunk) are Buffers inside a
          // control record
          .addSerializer(Buffer.class, new JsonSerializer<>() {
            @Override
            public void serialize(Buffer value, JsonGenerator generator, SerializerProvider provider) throws IOException {
              generator.writeBinary(value.getBytes());
            }
          })
          .addDeserializer(Buffer.class, new JsonDeserializer<>() {
            @Override
            public Buffer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
              return Buffer.buffer(parser.getBinaryValue());
            }
          }))
      .build();

  /** Every control record that crosses the bus. */
  static final List<Class<?>> RECORDS = List.of(
      StorageMessages.Ping.class,
      StorageMessages.Pong.class,
      StorageMessages.BucketName.class,
      StorageMessages.CreateBucket.class,
      StorageMessages.BucketInfo.class,
      StorageMessages.BucketList.class,
      StorageMessages.PutObject.class,
      StorageMessages.PutInline.class,
      StorageMessages.StreamOpened.class,
      StorageMessages.GetObject.class,
      StorageMessages.ObjectRead.class,
      StorageMessages.ObjectInfo.class,
      StorageMessages.CopyObject.class,
      StorageMessages.ObjectKey.class,
      StorageMessages.DeleteObjects.class,
      StorageMessages.DeleteResult.class,
      StorageMessages.ListObjects.class,
      StorageMessages.ListResult.class,
      StorageMessages.CreateMultipartUpload.class,
      StorageMessages.UploadCreated.class,
      StorageMessages.UploadPart.class,
      StorageMessages.PartInfo.class,
      StorageMessages.UploadPartCopy.class,
      StorageMessages.CompleteMultipartUpload.class,
      StorageMessages.UploadKey.class,
      StorageMessages.ListParts.class,
      StorageMessages.PartList.class,
      StorageMessages.ListMultipartUploads.class,
      StorageMessages.UploadList.class,
      AuthMessages.Verify.class,
      AuthMessages.Identity.class,
      StreamMessages.End.class,
      StreamMessages.Abort.class);

  public static void registerCodecs(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    for (Class<?> type : RECORDS) {
      register(bus, type, new JsonRecordCodec<>(type));
    }
    register(bus, StreamMessages.Chunk.class, new ChunkCodec());
    ErasureCodecs.register(bus);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static void register(EventBus bus, Class type, MessageCodec codec) {
    bus.registerDefaultCodec(type, codec);
  }

  /** Control records: identity locally, JSON on the wire. */
  static final class JsonRecordCodec<T> implements MessageCodec<T, T> {
    private final Class<T> type;

    JsonRecordCodec(Class<T> type) {
      this.type = type;
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
      try {
        byte[] json = MAPPER.writeValueAsBytes(value);
        buffer.appendInt(json.length).appendBytes(json);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      try {
        return MAPPER.readValue(buffer.getBytes(pos + 4, pos + 4 + length), type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public T transform(T value) {
      return value;
    }

    @Override
    public String name() {
      return "s3ish." + type.getName();
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }

  /** Chunks: identity locally; on the wire {@code [idLen][id][seq][dataLen][data]}. */
  static final class ChunkCodec implements MessageCodec<StreamMessages.Chunk, StreamMessages.Chunk> {
    @Override
    public void encodeToWire(Buffer buffer, StreamMessages.Chunk chunk) {
      byte[] id = chunk.streamId().getBytes(StandardCharsets.UTF_8);
      buffer.appendInt(id.length).appendBytes(id).appendLong(chunk.seq())
          .appendInt(chunk.data().length()).appendBuffer(chunk.data());
    }

    @Override
    public StreamMessages.Chunk decodeFromWire(int pos, Buffer buffer) {
      int idLength = buffer.getInt(pos);
      pos += 4;
      String id = buffer.getString(pos, pos + idLength, "UTF-8");
      pos += idLength;
      long seq = buffer.getLong(pos);
      pos += 8;
      int dataLength = buffer.getInt(pos);
      pos += 4;
      return new StreamMessages.Chunk(id, seq, buffer.getBuffer(pos, pos + dataLength));
    }

    @Override
    public StreamMessages.Chunk transform(StreamMessages.Chunk chunk) {
      return chunk;
    }

    @Override
    public String name() {
      return "s3ish.chunk";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
