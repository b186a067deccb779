package s3ish.e2e;

/** Every test of {@link InlinePutTest}, against the file backend. */
class InlinePutOnFileTest extends InlinePutTest implements OnFileBackend {}
