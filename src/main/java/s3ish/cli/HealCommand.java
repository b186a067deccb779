package s3ish.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import s3ish.bus.Contract;
import s3ish.config.ConfigException;
import s3ish.config.ConfigLoader;
import s3ish.config.Setting;
import s3ish.erasure.ErasureBlobStore;
import s3ish.erasure.ErasureSettings;
import s3ish.erasure.ErasureVerticle;
import s3ish.erasure.HealReport;
import s3ish.erasure.HealResult;

/**
 * {@code s3ish heal}: verifies every shard of every blob (or of one, {@code --blob}) on the configured disk
 * directories and rebuilds missing or corrupt ones. Offline: it runs its own erasure role in this process and
 * works on the files directly, so it needs no running node. Exit 0 when everything is (now) whole, 1 when some
 * blob has more damage than parity, 2 for bad arguments or configuration.
 */
@Command(name = "heal", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
    description = "Verify erasure-coded shards on the configured disks and rebuild missing or corrupt ones.")
final class HealCommand implements Callable<Integer> {
  private static final long TIMEOUT_HOURS = 24;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file with storage_roots or storage_root and the erasure code "
          + "(default: conf/config.toml, optional)")
  Path config;

  @Option(names = "--blob", paramLabel = "ID", description = "Heal only this blob (default: every blob)")
  String blob;

  @Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;

  HealCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ErasureSettings settings;
    try {
      JsonObject resolved = ConfigLoader.load(config != null ? config : Main.DEFAULT_CONFIG, config != null, env,
          Map.of());
      if (!Setting.ENABLE_ERASURE_CODING.bool(resolved)) {
        throw new ConfigException(Setting.ENABLE_ERASURE_CODING.key() + " is false: there are no shards to heal");
      }
      ErasureSettings configured = ErasureSettings.from(resolved);
      // no scrubber: this run is the scrub
      settings = new ErasureSettings(configured.dataShards(), configured.parityShards(), configured.blockSize(),
          configured.disks(), 0);
      if (blob != null) {
        ErasureBlobStore.checkBlobId(blob);
      }
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("s3ish heal: " + Main.oneLine(e.getMessage()));
      return Main.EXIT_USAGE;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Contract.registerCodecs(vertx);
      Future<HealReport> healing = vertx.deployVerticle(new ErasureVerticle())
          .compose(id -> run(vertx, settings));
      HealReport report = healing.toCompletionStage().toCompletableFuture().get(TIMEOUT_HOURS, TimeUnit.HOURS);
      for (HealResult r : report.notHealthy()) {
        out.println(r.status().name().toLowerCase(Locale.ROOT) + " " + r.blobId()
            + (r.rebuilt().isEmpty() ? "" : " shards " + r.rebuilt()) + (r.detail().isEmpty() ? "" : ": " + r.detail()));
      }
      out.println("checked " + report.checked() + " blobs: " + report.healthy() + " healthy, " + report.repaired()
          + " repaired (" + report.shardsRebuilt() + " shards rebuilt), " + report.unrecoverable() + " unrecoverable");
      out.flush();
      return report.unrecoverable() > 0 ? Main.EXIT_FAILED : Main.EXIT_OK;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private Future<HealReport> run(Vertx vertx, ErasureSettings settings) {
    ErasureBlobStore store = ErasureBlobStore.create(vertx, settings);
    if (blob == null) {
      return store.healAll();
    }
    return store.heal(blob).map(result -> HealReport.of(List.of(result)));
  }
}
