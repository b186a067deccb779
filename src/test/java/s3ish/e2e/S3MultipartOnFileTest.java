package s3ish.e2e;

/** Every test of {@link S3MultipartTest}, against the file backend. */
class S3MultipartOnFileTest extends S3MultipartTest implements OnFileBackend {}
