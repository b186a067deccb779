package s3ish.e2e;

/** Every test of {@link S3CopyAndDeleteTest}, against the file backend. */
class S3CopyAndDeleteOnFileTest extends S3CopyAndDeleteTest implements OnFileBackend {}
