package s3ish.cli;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import s3ish.observability.RequestIds;
import s3ish.observability.S3ishMetrics;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import s3ish.bus.Contract;
import s3ish.bus.Role;
import s3ish.config.ConfigException;
import s3ish.config.ListenAddress;
import s3ish.config.Setting;
import s3ish.config.VerticlesPlan;
import s3ish.observability.NodeState;

/**
 * One running node: a Vert.x instance (clustered or not) with the roles of a {@link VerticlesPlan} deployed.
 * Used by the launcher and by tests that want a real node in their JVM; {@link #close()} stops everything.
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;
  private final VerticlesPlan plan;
  private final JsonObject settings;
  private final Promise<Void> closed = Promise.promise();
  private final Map<Role, String> deployments = new EnumMap<>(Role.class);
  private Future<Void> closing;

  private Node(Vertx vertx, VerticlesPlan plan, JsonObject settings) {
    this.vertx = vertx;
    this.plan = plan;
    this.settings = settings;
  }

  /**
   * Builds Vert.x, registers the bus codecs, deploys the plan's roles in start order and marks the node
   * deployed. Fails with a {@link ConfigException} for a bad cluster file, otherwise with the deployment's
   * cause (Vert.x is closed again first).
   *
   * @param clusterConfig Hazelcast XML to join a cluster with, or null for a standalone node
   */
  public static Future<Node> start(JsonObject settings, VerticlesPlan plan, Path clusterConfig) {
    Future<Vertx> vertx;
    try {
      vertx = build(settings, clusterConfig);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    return vertx.compose(v -> {
      Contract.registerCodecs(v);
      RequestIds.install(v);
      Node node = new Node(v, plan.withRolesNeededBy(settings), settings);
      node.registerMetrics();
      return node.deployAll()
          .map(done -> {
            NodeState.markDeployed(v);
            return node;
          })
          .recover(failure -> v.close().transform(ignored -> Future.failedFuture(failure)));
    });
  }

  private static Future<Vertx> build(JsonObject settings, Path clusterConfig) {
    VertxOptions options = new VertxOptions();
    VertxBuilder builder = Vertx.builder();
    if (Setting.METRICS_ENABLED.bool(settings)) {
      options.setMetricsOptions(new MicrometerMetricsOptions()
          .setEnabled(true)
          .setJvmMetricsEnabled(true)
          // s3ish_bus_* measure the contract with bounded labels; Vert.x's own event-bus meters are looked
          // up in the registry for every message (5 % of a 4 KiB GET's CPU) and add nothing to them.
          .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
          // The same for its HTTP server meters (4 % of a 4 KiB GET's CPU): s3ish_http_* and s3ish_grpc_* count
          // requests, durations, bytes and requests in flight, s3ish_http_connections_open the connections.
          .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
          .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
      builder.withMetrics(new MicrometerMetricsFactory());
    }
    if (clusterConfig == null) {
      return Future.succeededFuture(builder.with(options).build());
    }
    String host = Setting.CLUSTER_HOST.string(settings);
    options.getEventBusOptions().setHost(host).setClusterPublicHost(host);
    return builder.with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcastConfig(clusterConfig)))
        .buildClustered();
  }

  static Config hazelcastConfig(Path file) {
    // before Hazelcast's first logger is created, or it logs through JUL around logback's levels
    System.setProperty("hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "slf4j"));
    Config config;
    try {
      config = Config.loadFromFile(file.toFile());
    } catch (FileNotFoundException e) {
      throw new ConfigException(file + ": no such file (the Hazelcast configuration for --cluster)");
    } catch (InvalidConfigurationException e) {
      throw new ConfigException(file + ": invalid Hazelcast configuration: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }
    // our shutdown closes Vert.x, which leaves the cluster cleanly; Hazelcast's own hook would race it
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", System.getProperty("hazelcast.logging.type"));
    return config;
  }

  private Future<Void> deployAll() {
    Future<Void> chain = Future.succeededFuture();
    for (VerticlesPlan.Entry entry : plan.entries()) {
      chain = chain.compose(done -> deploy(entry));
    }
    return chain;
  }

  private Future<Void> deploy(VerticlesPlan.Entry entry) {
    Role role = entry.role();
    // Node never sizes the event-loop pool, so it is Vert.x's default (twice the cores)
    int instances = entry.instances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
    DeploymentOptions options = new DeploymentOptions()
        .setConfig(plan.configFor(entry, settings))
        .setInstances(instances);
    return vertx.deployVerticle(role.verticleClass(), options)
        .map(id -> {
          deployments.put(role, id);
          S3ishMetrics.get().nodeRole(role.key(), instances);
          return (Void) null;
        })
        .onSuccess(done -> LOG.info("deployed {} x{} ({})", role.key(), instances, role.verticleClass()))
        .recover(cause -> Future.failedFuture(new DeploymentException(role, cause)));
  }

  public Vertx vertx() {
    return vertx;
  }

  public List<Role> roles() {
    return plan.roles();
  }

  /** The settings the node was started with (each role also gets its own overrides from the plan). */
  public JsonObject settings() {
    return settings;
  }

  /** The port the HTTP role bound, or -1 when this node has no HTTP role. */
  public int httpPort() {
    return plan.has(Role.HTTP) ? NodeState.httpPort(vertx) : -1;
  }

  /** The HTTP role's listen address as configured (its port may be 0; see {@link #httpPort()}). */
  public ListenAddress listenAddress() {
    JsonObject config = plan.entries().stream().filter(e -> e.role() == Role.HTTP).findFirst()
        .map(e -> plan.configFor(e, settings)).orElse(settings);
    return ListenAddress.parse(Setting.LISTEN_ADDR.string(config));
  }

  /** The port the gRPC role bound, or -1 when this node has no gRPC role. */
  public int grpcPort() {
    return plan.has(Role.GRPC) ? NodeState.grpcPort(vertx) : -1;
  }

  /**
   * The launcher's one line on stdout once the node serves:
   * {@code s3ish <version> ready: http://<host>:<port> roles=<roles>}; a node serving gRPC but not HTTP shows
   * {@code grpc://<host>:<port>}, a node with neither no URL. Roles are listed in start order, comma-separated.
   */
  public String readyLine(String version) {
    String roles = roles().stream().map(Role::key).collect(Collectors.joining(","));
    if (!plan.has(Role.HTTP)) {
      if (plan.has(Role.GRPC)) {
        JsonObject config = plan.entries().stream().filter(e -> e.role() == Role.GRPC).findFirst()
            .map(e -> plan.configFor(e, settings)).orElse(settings);
        ListenAddress listen = ListenAddress.parse(Setting.GRPC_LISTEN_ADDR.string(config));
        int port = grpcPort() >= 0 ? grpcPort() : listen.port();
        return "s3ish " + version + " ready: grpc://" + listen.hostForUrl() + ":" + port + " roles=" + roles;
      }
      return "s3ish " + version + " ready: roles=" + roles;
    }
    ListenAddress listen = listenAddress();
    int port = httpPort() >= 0 ? httpPort() : listen.port();
    return "s3ish " + version + " ready: http://" + listen.hostForUrl() + ":" + port + " roles=" + roles;
  }

  /**
   * Marks the node draining (so {@code /_ready} answers 503 at once), stops the protocol roles, which stop
   * accepting and give requests in flight up to {@code shutdown_grace_secs} to finish while storage and auth
   * still serve them, then closes Vert.x (undeploying the rest, leaving the cluster). Idempotent.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      NodeState.markDraining(vertx);
      List<Future<Void>> protocols = deployments.entrySet().stream()
          .filter(e -> e.getKey() == Role.HTTP || e.getKey() == Role.GRPC)
          .map(e -> vertx.undeploy(e.getValue()))
          .toList();
      closing = Future.join(protocols)
          .onComplete(ar -> LOG.info("protocol roles stopped; closing"))
          .transform(ar -> vertx.close())
          .onComplete(closed::handle);
    }
    return closing;
  }

  /** Node-level gauges: build, start time, readiness, draining, cluster members (and their changes). */
  private void registerMetrics() {
    S3ishMetrics metrics = S3ishMetrics.get();
    ClusterManager cluster = vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
    metrics.nodeGauges(Version.current(), System.currentTimeMillis(),
        () -> NodeState.isDeployed(vertx) && !NodeState.isDraining(vertx) ? 1 : 0,
        () -> NodeState.isDraining(vertx) ? 1 : 0,
        () -> cluster == null ? 1 : cluster.getNodes().size());
    if (cluster instanceof HazelcastClusterManager hazelcast && hazelcast.getHazelcastInstance() != null) {
      hazelcast.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
          metrics.clusterMembershipChanges().increment();
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          metrics.clusterMembershipChanges().increment();
        }
      });
    }
  }

  /** Completes once {@link #close()} has finished, successfully or not. */
  public Future<Void> whenClosed() {
    return closed.future().otherwiseEmpty();
  }

  /** A role that failed to deploy, named with its cause. */
  public static final class DeploymentException extends RuntimeException {
    DeploymentException(Role role, Throwable cause) {
      super(role.key() + " role (" + role.verticleClass() + ") failed to deploy: " + describe(cause), cause);
    }

    static String describe(Throwable t) {
      String message = t.getMessage();
      String text = message == null || message.isBlank() ? t.getClass().getSimpleName()
          : t instanceof ClassNotFoundException ? "class not found: " + message
          : message;
      return text.lines().findFirst().orElse(text);
    }
  }
}
