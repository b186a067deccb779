package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

class S3EndpointTest {

  /** Request lines as the AWS API reference shows them: method, path?query, headers, expected API. */
  static Stream<Arguments> awsExamples() {
    return Stream.of(
        example("GET /", "", "ListBuckets"),
        example("PUT /examplebucket", "", "CreateBucket"),
        example("HEAD /examplebucket", "", "HeadBucket"),
        example("DELETE /examplebucket", "", "DeleteBucket"),
        example("GET /examplebucket?location", "", "GetBucketLocation"),
        example("GET /examplebucket?location=", "", "GetBucketLocation"),
        example("GET /examplebucket", "", "ListObjects"),
        example("GET /examplebucket?prefix=N&marker=Ned&max-keys=40", "", "ListObjects"),
        example("GET /examplebucket?list-type=2", "", "ListObjectsV2"),
        example("GET /examplebucket?list-type=2&max-keys=3&prefix=E&start-after=ExampleGuide.pdf", "", "ListObjectsV2"),
        example("GET /examplebucket?list-type=1", "", "ListObjects"),
        example("POST /examplebucket?delete", "Content-MD5: x", "DeleteObjects"),
        example("PUT /examplebucket/my-image.jpg", "", "PutObject"),
        example("PUT /examplebucket/my-second-image.jpg", "x-amz-copy-source: /bucket/my-image.jpg", "CopyObject"),
        example("PATCH /examplebucket/copy", "x-amz-copy-source: bucket/src", "CopyObject"),
        example("GET /examplebucket/my-image.jpg", "", "GetObject"),
        example("GET /examplebucket/my-image.jpg?response-content-type=text/plain", "Range: bytes=0-9", "GetObject"),
        example("HEAD /examplebucket/my-image.jpg", "", "HeadObject"),
        example("DELETE /examplebucket/my-image.jpg", "", "DeleteObject"),
        // multipart
        example("POST /examplebucket/example-object?uploads", "", "CreateMultipartUpload"),
        example("POST /examplebucket/example-object?uploads", "x-amz-checksum-algorithm: CRC32", "CreateMultipartUpload"),
        example("POST /examplebucket/example-object?uploadId=VXBsb2FkIElE", "", "CompleteMultipartUpload"),
        example("PUT /examplebucket/my-movie.m2ts?partNumber=1&uploadId=VCVsb2FkIElE", "", "UploadPart"),
        example("PUT /examplebucket/newobject?partNumber=2&uploadId=VCVsb2FkIElE",
            "x-amz-copy-source: /source-bucket/sourceobject", "UploadPartCopy"),
        example("DELETE /examplebucket/example-object?uploadId=VXBsb2FkIElE", "", "AbortMultipartUpload"),
        example("GET /examplebucket/example-object?uploadId=XXBsb2FkIEpEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZR&max-parts=2", "", "ListParts"),
        example("GET /examplebucket?uploads", "", "ListMultipartUploads"),
        example("GET /examplebucket?uploads&delimiter=/&prefix=photos/2006/&max-uploads=3&key-marker=a&upload-id-marker=b",
            "", "ListMultipartUploads"),
        example("GET /examplebucket/my-movie.m2ts?partNumber=2", "", "GetObject"),
        example("HEAD /examplebucket/my-movie.m2ts?partNumber=2", "", "HeadObject"),
        example("PUT /examplebucket/newobject?partNumber=2&uploadId=VCVsb2FkIElE",
            "x-amz-copy-source-range: bytes=500-6291456", "UploadPart"),
        // declared, answered 501
        example("GET /examplebucket?versions", "", "ListObjectVersions"),
        example("GET /examplebucket?acl", "", "GetBucketAcl"),
        example("PUT /examplebucket?acl", "", "PutBucketAcl"),
        example("GET /examplebucket/my-image.jpg?acl", "", "GetObjectAcl"),
        example("PUT /examplebucket/my-image.jpg?acl", "x-amz-copy-source: /a/b", "PutObjectAcl"),
        example("GET /examplebucket?policy", "", "GetBucketPolicy"),
        example("DELETE /examplebucket?policy", "", "DeleteBucketPolicy"),
        example("PUT /examplebucket?versioning", "", "PutBucketVersioning"),
        example("GET /examplebucket?tagging", "", "GetBucketTagging"),
        example("PUT /examplebucket/doc.pdf?tagging", "", "PutObjectTagging"),
        example("DELETE /examplebucket/doc.pdf?tagging", "", "DeleteObjectTagging"),
        example("PUT /examplebucket?lifecycle", "", "PutBucketLifecycleConfiguration"),
        example("GET /examplebucket?cors", "", "GetBucketCors"),
        example("GET /examplebucket?website", "", "GetBucketWebsite"),
        example("GET /examplebucket?logging", "", "GetBucketLogging"),
        example("GET /examplebucket?notification", "", "GetBucketNotificationConfiguration"),
        example("PUT /examplebucket?replication", "", "PutBucketReplication"),
        example("GET /examplebucket?encryption", "", "GetBucketEncryption"),
        example("GET /examplebucket?object-lock", "", "GetObjectLockConfiguration"),
        example("PUT /examplebucket/doc.pdf?retention", "", "PutObjectRetention"),
        example("GET /examplebucket/doc.pdf?legal-hold", "", "GetObjectLegalHold"),
        example("GET /examplebucket/doc.pdf?torrent", "", "GetObjectTorrent"),
        example("POST /examplebucket/archive.zip?restore", "", "RestoreObject"),
        example("POST /examplebucket/data.csv?select&select-type=2", "", "SelectObjectContent"),
        example("GET /examplebucket?ownershipControls", "", "GetBucketOwnershipControls"),
        example("DELETE /examplebucket?publicAccessBlock", "", "DeletePublicAccessBlock"),
        example("GET /examplebucket?accelerate", "", "GetBucketAccelerateConfiguration"),
        example("GET /examplebucket?requestPayment", "", "GetBucketRequestPayment"),
        example("GET /examplebucket/doc.pdf?attributes", "x-amz-object-attributes: ETag", "GetObjectAttributes"),
        example("GET /examplebucket?analytics", "", "ListBucketAnalyticsConfigurations"),
        example("GET /examplebucket?analytics&id=list1", "", "GetBucketAnalyticsConfiguration"),
        example("POST /examplebucket", "Content-Type: multipart/form-data; boundary=x", "PostObject"));
  }

  private static Arguments example(String requestLine, String header, String api) {
    return Arguments.of(requestLine, header, api);
  }

  private static S3Endpoint resolve(List<S3Endpoint> table, String requestLine, String header) {
    String method = requestLine.substring(0, requestLine.indexOf(' '));
    String target = requestLine.substring(method.length() + 1);
    int q = target.indexOf('?');
    RequestTarget t = RequestTarget.pathStyle(q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1));
    Map<String, String> headers = header.isEmpty() ? Map.of()
        : Map.of(header.substring(0, header.indexOf(':')).toLowerCase(Locale.ROOT), header.substring(header.indexOf(':') + 1).trim());
    return S3Endpoint.resolve(table, method, t.resource(), t.query(), name -> headers.get(name.toLowerCase(Locale.ROOT)));
  }

  @ParameterizedTest(name = "{0} [{1}] -> {2}")
  @MethodSource("awsExamples")
  void resolvesAwsRequestExamples(String requestLine, String header, String api) {
    assertEquals(api, resolve(List.of(S3Endpoint.values()), requestLine, header).apiName());
  }

  @ParameterizedTest(name = "{0} [{1}] -> {2}")
  @MethodSource("awsExamples")
  void resolutionDoesNotDependOnDeclarationOrder(String requestLine, String header, String api) {
    Random random = new Random(requestLine.hashCode());
    for (int i = 0; i < 20; i++) {
      List<S3Endpoint> shuffled = new ArrayList<>(List.of(S3Endpoint.values()));
      Collections.shuffle(shuffled, random);
      assertEquals(api, resolve(shuffled, requestLine, header).apiName());
    }
  }

  @Test
  void noTwoEndpointsShareResourceMethodAndDiscriminators() {
    Set<String> seen = new HashSet<>();
    for (S3Endpoint e : S3Endpoint.values()) {
      for (String method : e.methods()) {
        assertTrue(seen.add(e.resource() + " " + method + " " + new HashSet<>(e.discriminators())), e.name());
      }
    }
  }

  @Test
  void apiNamesAreUnique() {
    Set<String> names = new HashSet<>();
    for (S3Endpoint e : S3Endpoint.values()) {
      assertTrue(names.add(e.apiName()), e.apiName());
    }
  }

  @Test
  void unknownMethodOnAResourceIsMethodNotAllowed() {
    S3Exception e = assertThrows(S3Exception.class, () -> resolve(List.of(S3Endpoint.values()), "OPTIONS /bucket/key", ""));
    assertEquals(S3ErrorCode.METHOD_NOT_ALLOWED, e.code());
    e = assertThrows(S3Exception.class, () -> resolve(List.of(S3Endpoint.values()), "PATCH /bucket/key", ""));
    assertEquals(S3ErrorCode.METHOD_NOT_ALLOWED, e.code());
    e = assertThrows(S3Exception.class, () -> resolve(List.of(S3Endpoint.values()), "DELETE /", ""));
    assertEquals(S3ErrorCode.METHOD_NOT_ALLOWED, e.code());
  }

  @Test
  void twoSubresourcesAtOnceAreAnInvalidRequest() {
    S3Exception e = assertThrows(S3Exception.class, () -> resolve(List.of(S3Endpoint.values()), "GET /bucket?acl&tagging", ""));
    assertEquals(S3ErrorCode.INVALID_REQUEST, e.code());
  }

  @Test
  void subresourceWinsOverListTypeParameter() {
    assertEquals(S3Endpoint.GET_BUCKET_ACL, resolve(List.of(S3Endpoint.values()), "GET /bucket?acl&list-type=2", ""));
  }

  @Test
  void seedCurlListingIsListObjects() {
    assertEquals(S3Endpoint.LIST_OBJECTS, resolve(List.of(S3Endpoint.values()), "GET /bucket?prefix=&max-keys=100", ""));
    assertFalse(S3Endpoint.LIST_OBJECTS.discriminators().iterator().hasNext());
  }
}
