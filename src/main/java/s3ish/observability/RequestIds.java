package s3ish.observability;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.MDC;
import s3ish.bus.BusHeaders;

/**
 * Carries the S3 request id from the HTTP role to the roles it calls, so their log lines name the request.
 *
 * <p>The HTTP role {@link #bind binds} the id to the request's duplicated Vert.x context (each HTTP request runs
 * on its own); an outbound interceptor, {@link #install installed} once per Vert.x instance, copies it into
 * the {@link BusHeaders#REQUEST_ID} header of every message sent from that context, including the chunks and
 * End of a body stream. A receiving role reads it with {@link #of(Message)} and puts it in the SLF4J MDC under
 * {@link #MDC_KEY} around its log lines ({@link #withMdc}).
 */
public final class RequestIds {
  /** The MDC key, and the field name in JSON logs (under {@code mdc}). */
  public static final String MDC_KEY = "requestId";
  private static final String LOCAL_KEY = "s3ish.requestId";

  private RequestIds() {}

  /** Binds {@code requestId} to the current context if it is a request's own (duplicated) context. */
  public static void bind(String requestId) {
    if (Vertx.currentContext() instanceof ContextInternal context && context.isDuplicate()) {
      context.putLocal(LOCAL_KEY, requestId);
    }
  }

  /** The request id bound to the current context, or null. */
  public static String current() {
    Context context = Vertx.currentContext();
    return context instanceof ContextInternal internal && internal.isDuplicate() ? internal.getLocal(LOCAL_KEY) : null;
  }

  /** The request id a message carries, or null. */
  public static String of(Message<?> message) {
    return message.headers() == null ? null : message.headers().get(BusHeaders.REQUEST_ID);
  }

  /** Runs {@code action} with {@code requestId} (if any) in the MDC. */
  public static void withMdc(String requestId, Runnable action) {
    if (requestId == null) {
      action.run();
      return;
    }
    String previous = MDC.get(MDC_KEY);
    MDC.put(MDC_KEY, requestId);
    try {
      action.run();
    } finally {
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    }
  }

  /** Adds the header to every message sent from a context that has a request id bound. Once per Vert.x. */
  public static void install(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    bus.addOutboundInterceptor(RequestIds::tag);
  }

  private static void tag(DeliveryContext<Object> delivery) {
    String id = current();
    if (id != null && !delivery.message().headers().contains(BusHeaders.REQUEST_ID)) {
      delivery.message().headers().add(BusHeaders.REQUEST_ID, id);
    }
    delivery.next();
  }
}
