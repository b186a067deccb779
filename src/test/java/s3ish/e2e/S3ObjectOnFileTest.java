package s3ish.e2e;

/** Every test of {@link S3ObjectTest}, against the file backend. */
class S3ObjectOnFileTest extends S3ObjectTest implements OnFileBackend {}
