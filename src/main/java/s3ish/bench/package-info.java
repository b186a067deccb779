/**
 * {@code s3ish bench}, a client tool with no role: an S3 load generator on the Vert.x HTTP client, signing with
 * {@link s3ish.auth.RequestSigner} (SigV4, UNSIGNED-PAYLOAD). {@link s3ish.bench.BenchCommand} parses the
 * flags into a {@code BenchPlan}; {@code LoadGenerator} runs it (create bucket, fill the key space, measure);
 * {@code OperationStats} keeps HdrHistogram latencies per operation; {@code BenchReport} prints a table or
 * JSON. Works against any S3 endpoint, and against plain HTTP servers for GET with
 * {@code --no-create-bucket --no-prepare}.
 */
package s3ish.bench;
