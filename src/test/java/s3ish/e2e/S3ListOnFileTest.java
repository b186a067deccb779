package s3ish.e2e;

/** Every test of {@link S3ListTest}, against the file backend. */
class S3ListOnFileTest extends S3ListTest implements OnFileBackend {}
