package s3ish.bus;

/**
 * Headers ({@code DeliveryOptions} headers) that travel with contract messages besides their body. They carry
 * context for logs, never anything a handler's behaviour depends on.
 */
public final class BusHeaders {
  private BusHeaders() {}

  /**
   * The S3 request id ({@code x-amz-request-id}) of the client request a message serves. Set on every message
   * sent while handling that request (requests, stream chunks, End); absent for internal work (janitor, pings).
   */
  public static final String REQUEST_ID = "s3ish-request-id";
}
