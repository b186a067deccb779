package s3ish.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.BucketInfo;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.ObjectMetadata;
import s3ish.bus.StorageMessages.PartInfo;

/**
 * Buckets, objects and multipart uploads persisted under {@code storage_root}: the semantics of
 * {@link IndexedBackend}, with one small metadata file per bucket, object, upload and part, and bodies as blobs in
 * a {@link BlobStore}. Every metadata change is written to a temp file, fsynced, renamed over the old one and
 * its directory fsynced (on a worker thread) before the index changes, so what a client was told is on disk.
 * Metadata files are named by a hash of the bucket and key, never by the key itself, so no key can name a path.
 * At start-up the index is rebuilt from the metadata files and blobs nothing refers to are deleted.
 */
public final class FileBackend extends IndexedBackend {
  static final String NAME = "file";
  private static final Logger LOG = LoggerFactory.getLogger(FileBackend.class);
  private static final String FORMAT = "s3ish file backend, format 1\n";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** An object version on disk: its info, the blob extents of its body in order, its part sizes. */
  record ObjectRecord(ObjectInfo info, List<Extent.InBlob> body, List<Long> partSizes) {}

  record UploadRecord(String id, String bucket, String key, ObjectMetadata metadata, Checksum algorithm,
      long initiated) {}

  record PartRecord(PartInfo info, List<Extent.InBlob> body) {}

  private final Vertx vertx;
  private final BlobStore blobs;
  private final Path buckets;
  private final Path objects;
  private final Path uploads;
  private final SecureRandom random = new SecureRandom();

  private FileBackend(Vertx vertx, Path root, BlobStore blobs, long maxObjectSize, long minPartSize) {
    super(maxObjectSize, minPartSize);
    this.vertx = vertx;
    this.blobs = blobs;
    this.buckets = root.resolve("buckets");
    this.objects = root.resolve("objects");
    this.uploads = root.resolve("uploads");
  }

  /** Checks {@code root} is a writable directory of this format (or empty), before anything else touches it. */
  static Future<Path> prepareRoot(Vertx vertx, String root) {
    return vertx.executeBlocking(() -> {
      if (root == null || root.isBlank()) {
        throw new IllegalStateException("storage_root must name a directory for storage_backend = \"file\"");
      }
      Path dir = Path.of(root).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("storage_root " + dir + " is not an existing directory");
      }
      if (!Files.isWritable(dir)) {
        throw new IllegalStateException("storage_root " + dir + " is not writable");
      }
      Path marker = dir.resolve("FORMAT");
      if (Files.exists(marker)) {
        String found = Files.readString(marker, StandardCharsets.UTF_8);
        if (!FORMAT.equals(found)) {
          throw new IllegalStateException("storage_root " + dir + " holds another format: " + found.trim());
        }
      } else {
        Durable.replace(marker, FORMAT.getBytes(StandardCharsets.UTF_8));
      }
      return dir;
    }, false);
  }

  /** Opens the backend on a prepared root: rebuilds the index, then deletes blobs nothing refers to. */
  static Future<FileBackend> open(Vertx vertx, Path root, BlobStore blobs, long maxObjectSize, long minPartSize) {
    FileBackend backend = new FileBackend(vertx, root, blobs, maxObjectSize, minPartSize);
    return blobs.list()
        .compose(sealed -> vertx.executeBlocking(() -> backend.load(new HashSet<>(sealed)), false))
        .compose(unreferenced -> {
          if (!unreferenced.isEmpty()) {
            LOG.info("file backend: deleting {} blob(s) no metadata refers to (left by an interrupted write)",
                unreferenced.size());
          }
          return Future.all(unreferenced.stream().map(blobs::delete).toList());
        })
        .map(backend);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  <T> Future<T> attempt(Supplier<T> work) {
    return vertx.executeBlocking(work::get, false);
  }

  @Override
  Future<BodySink> newBody(long contentLength) {
    String id = newBlobId();
    return blobs.create(id).map(writer -> new BodySink() {
      @Override
      public Future<Void> store(io.vertx.core.buffer.Buffer data, long newSize) {
        return writer.append(data);
      }

      @Override
      public Future<StoredBody> seal(long size) {
        return writer.seal().map(v -> blobBody(id, size));
      }

      @Override
      public void drop() {
        writer.discard();
      }
    });
  }

  @Override
  ReadableObject.Body read(StoredBody body, long start, long length) {
    // The view holds the body, so its blobs stay until the read ends even if the object is deleted meanwhile.
    StoredBody view = body.slice(start, length).orElseThrow(() -> new S3Exception(S3ErrorCode.NO_SUCH_KEY));
    return new ExtentReadStream(blobs, view.extents(), view::release);
  }

  // ---- persistence (on worker threads, under the index's locks)

  @Override
  void persistBucket(BucketInfo bucket) {
    write(buckets.resolve(hash(bucket.name()) + ".json"), bucket);
  }

  @Override
  void forgetBucket(String bucket) {
    delete(buckets.resolve(hash(bucket) + ".json"));
  }

  @Override
  void persistObject(StoredObject object) {
    ObjectInfo info = object.info();
    write(objectPath(info.bucket(), info.key()), new ObjectRecord(info, blobExtents(object.body()), object.partSizes()));
  }

  @Override
  void forgetObject(String bucket, String key) {
    delete(objectPath(bucket, key));
  }

  @Override
  void persistUpload(MultipartUpload u) {
    write(uploads.resolve(u.id).resolve("upload.json"),
        new UploadRecord(u.id, u.bucket, u.key, u.metadata, u.algorithm, u.initiated));
  }

  @Override
  void persistPart(MultipartUpload upload, MultipartUpload.Part part) {
    write(uploads.resolve(upload.id).resolve("part-" + part.info().partNumber() + ".json"),
        new PartRecord(part.info(), blobExtents(part.body())));
  }

  /** The upload is gone once upload.json is; its part files are then leftovers, removed here or at start-up. */
  @Override
  void forgetUpload(MultipartUpload upload) {
    Path dir = uploads.resolve(upload.id);
    delete(dir.resolve("upload.json"));
    deleteTree(dir);
  }

  // ---- start-up

  /** Rebuilds the index from the metadata files; returns the sealed blobs nothing refers to. */
  private Set<String> load(Set<String> sealedBlobs) throws IOException {
    Files.createDirectories(buckets);
    Files.createDirectories(objects);
    Files.createDirectories(uploads);
    for (Path file : files(buckets)) {
      restoreBucket(JSON.readValue(file.toFile(), BucketInfo.class));
    }
    List<ObjectRecord> objectRecords = new ArrayList<>();
    for (Path shard : files(objects)) {
      for (Path file : files(shard)) {
        objectRecords.add(JSON.readValue(file.toFile(), ObjectRecord.class));
      }
    }
    List<UploadRecord> uploadRecords = new ArrayList<>();
    Map<String, List<PartRecord>> partRecords = new HashMap<>();
    for (Path dir : files(uploads)) {
      Path upload = dir.resolve("upload.json");
      if (!Files.exists(upload)) {
        deleteTree(dir); // an abort or complete that was interrupted after the upload ended
        continue;
      }
      UploadRecord record = JSON.readValue(upload.toFile(), UploadRecord.class);
      uploadRecords.add(record);
      List<PartRecord> parts = new ArrayList<>();
      for (Path file : files(dir)) {
        if (file.getFileName().toString().startsWith("part-")) {
          parts.add(JSON.readValue(file.toFile(), PartRecord.class));
        }
      }
      partRecords.put(record.id(), parts);
    }

    BlobRoots roots = new BlobRoots(sealedBlobs);
    objectRecords.forEach(r -> roots.note(r.body()));
    partRecords.values().forEach(parts -> parts.forEach(p -> roots.note(p.body())));
    for (ObjectRecord r : objectRecords) {
      StoredBody body = roots.body(r.body());
      if (body == null) {
        LOG.error("file backend: {}/{} refers to a missing blob; it is not served", r.info().bucket(), r.info().key());
      } else if (!restoreObject(new StoredObject(r.info(), body, r.partSizes()))) {
        body.release();
        delete(objectPath(r.info().bucket(), r.info().key())); // its bucket was deleted before a crash
      }
    }
    uploadRecords.sort(Comparator.comparingLong(UploadRecord::initiated).thenComparing(UploadRecord::id));
    for (UploadRecord r : uploadRecords) {
      MultipartUpload upload = new MultipartUpload(r.id(), r.bucket(), r.key(), r.metadata(), r.algorithm(),
          r.initiated(), nextUploadSequence());
      if (!restoreUpload(upload)) {
        deleteTree(uploads.resolve(r.id()));
        continue;
      }
      for (PartRecord p : partRecords.get(r.id())) {
        StoredBody body = roots.body(p.body());
        if (body != null) {
          upload.putPart(new MultipartUpload.Part(p.info(), body), () -> {});
        }
      }
    }
    return roots.releaseAndListUnreferenced();
  }

  /**
   * One body per referenced blob while loading, which every object and part slices (so they share it); released
   * at the end, leaving the references of those that use it.
   */
  private final class BlobRoots {
    private final Set<String> sealed;
    private final Map<String, Long> ends = new HashMap<>();
    private final Map<String, StoredBody> roots = new HashMap<>();

    BlobRoots(Set<String> sealed) {
      this.sealed = sealed;
    }

    void note(List<Extent.InBlob> extents) {
      extents.forEach(e -> ends.merge(e.blobId(), e.offset() + e.length(), Math::max));
    }

    /** The body made of {@code extents}, or null when a blob is missing. */
    StoredBody body(List<Extent.InBlob> extents) {
      List<StoredBody> pieces = new ArrayList<>();
      for (Extent.InBlob e : extents) {
        if (!sealed.contains(e.blobId())) {
          pieces.forEach(StoredBody::release);
          return null;
        }
        StoredBody root = roots.computeIfAbsent(e.blobId(), id -> blobBody(id, ends.get(id)));
        pieces.add(root.slice(e.offset(), e.length()).orElseThrow());
      }
      return pieces.size() == 1 ? pieces.get(0) : StoredBody.concat(pieces);
    }

    Set<String> releaseAndListUnreferenced() {
      roots.values().forEach(StoredBody::release);
      Set<String> unreferenced = new HashSet<>(sealed);
      unreferenced.removeAll(roots.keySet());
      return unreferenced;
    }
  }

  // ---- files

  /** A committed blob as a body: deleted when the last object or part referring to it goes. */
  private StoredBody blobBody(String id, long size) {
    return new StoredBody(List.of(new Extent.InBlob(id, 0, size)), size, () -> blobs.delete(id)
        .onFailure(e -> LOG.warn("file backend: could not delete blob {} (deleted at next start)", id, e)));
  }

  private static List<Extent.InBlob> blobExtents(StoredBody body) {
    return body.extents().stream().map(e -> (Extent.InBlob) e).toList();
  }

  private String newBlobId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private Path objectPath(String bucket, String key) {
    String h = hash(bucket + "\0" + key); // bucket names hold no NUL, so the pair is unambiguous
    return objects.resolve(h.substring(0, 2)).resolve(h + ".json");
  }

  private static String hash(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, Object record) {
    try {
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        Durable.syncDirectory(dir.getParent());
      }
      Durable.replace(file, JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Durable.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Regular files and directories in {@code dir}, deleting temp files an interrupted write left. */
  private static List<Path> files(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (Durable.isTemp(p)) {
          Files.deleteIfExists(p);
        } else {
          out.add(p);
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      if (dir.getParent() != null) {
        Durable.syncDirectory(dir.getParent());
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
