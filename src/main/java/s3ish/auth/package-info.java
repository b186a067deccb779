/**
 * The auth role: who sent a request. {@link s3ish.auth.AuthVerticle} binds {@link s3ish.auth.AuthService} to
 * {@code Addresses.AUTH_VERIFY}; everything else here is package-private but {@link s3ish.auth.ChunkSignatureChain},
 * pure functions the HTTP role uses to check aws-chunked bodies, {@link s3ish.auth.Presigner},
 * {@link s3ish.auth.RequestSigner} (for {@code s3ish bench}) and
 * {@link s3ish.auth.Credentials}.
 *
 * <p>Decisions worth knowing when a client is refused:
 * <ul>
 *   <li>Exactly one mechanism per request: SigV4 or SigV2 {@code Authorization}, the seed's {@code x-access-key} /
 *       {@code x-secret-key}, a SigV4 presigned query ({@code X-Amz-Signature}) or a SigV2 one
 *       ({@code AWSAccessKeyId}/{@code Signature}). Two at once: InvalidArgument. None: AccessDenied.</li>
 *   <li>Presigned SigV4: valid from X-Amz-Date less the clock skew ("Request is not valid yet" before) to
 *       X-Amz-Date + X-Amz-Expires ("Request has expired" after, with S3's details); {@link s3ish.auth.Presigner}
 *       makes such URLs from the same SigV4 code.</li>
 *   <li>SigV2's canonical resource starts with the bucket; for virtual-hosted requests it must come from Host,
 *       passed as {@code bucketFromHost} to {@code AuthService.verify(Verify, String)}.</li>
 *   <li>Canonical URI: each '/'-separated segment of the raw path is percent-decoded and re-encoded once
 *       (uppercase hex), never normalized; so {@code %2F} inside a key stays apart from a literal '/', and
 *       {@code a//b} or {@code ../x} are literal keys. '+' is a plus, in the path and in the query.</li>
 *   <li>Any region and service named in the credential scope are accepted; only the scope's date is checked
 *       (it must be the day of {@code x-amz-date}, or of {@code Date} when that is absent).</li>
 *   <li>{@code x-amz-content-sha256} is required. A hex value is returned in the Identity for the storage role
 *       to check while the body streams; {@code UNSIGNED-PAYLOAD} returns none; {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} returns
 *       a {@code ChunkSigning} (derived key, timestamp, scope, seed signature) with which the HTTP role checks
 *       each chunk ({@link s3ish.auth.ChunkSignatureChain}); the {@code -TRAILER} variants answer NotImplemented,
 *       but only after the signature is verified, so an unsigned caller learns nothing.</li>
 *   <li>SignatureDoesNotMatch carries StringToSign and CanonicalRequest as details, as S3 does, for debugging.</li>
 * </ul>
 */
package s3ish.auth;
