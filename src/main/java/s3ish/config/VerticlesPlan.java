package s3ish.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import s3ish.bus.Role;

/**
 * Which roles a node deploys, how many instances of each, and per-role settings, as read from verticles.json:
 * <pre>{"http": {"instances": 2, "config": {"chunk_size": 65536}}, "auth": {}, "storage": {"instances": 1}}</pre>
 * Keys are {@link Role} keys; a node may deploy any subset. A role's "config" overrides the node's settings
 * for that role only and is validated like the TOML file. Entries come out in {@link Role#startOrder()}.
 */
public record VerticlesPlan(List<Entry> entries) {
  private static final Set<String> ENTRY_FIELDS = Set.of("instances", "config");
  private static final Set<Role> PROTOCOLS = Set.of(Role.HTTP, Role.GRPC);
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  /**
   * One role to deploy: its instance count ({@link #PER_EVENT_LOOP} for one on each event loop) and the settings
   * it overrides.
   */
  public record Entry(Role role, int instances, JsonObject config) {
    /** {@code "instances": "per-event-loop"}: every event loop gets one, so every caller has one on its own lane. */
    public static final int PER_EVENT_LOOP = 0;
    static final String PER_EVENT_LOOP_TEXT = "per-event-loop";

    /** The instance count to deploy on a node with {@code eventLoops} event loops. */
    public int instances(int eventLoops) {
      return instances == PER_EVENT_LOOP ? eventLoops : instances;
    }
  }

  /** Roles a node without verticles.json serves on every event loop: every request calls them (s3ish.bus.Lanes). */
  private static final Set<Role> PER_LOOP_BY_DEFAULT = Set.of(Role.AUTH, Role.STORAGE);

  public VerticlesPlan {
    entries = entries.stream()
        .sorted(Comparator.comparingInt((Entry e) -> e.role().startOrder()).thenComparing(e -> e.role().ordinal()))
        .toList();
  }

  /**
   * Every role, as when no verticles.json exists (http once, auth and storage on every event loop), except
   * gRPC: a node started without the shipped verticles.json (tests, ad-hoc runs) must not claim the fixed gRPC
   * port; name it or use --protocol grpc.
   * The erasure role joins when storage needs it ({@link #withRolesNeededBy}).
   */
  public static VerticlesPlan allRoles() {
    return new VerticlesPlan(Arrays.stream(Role.values()).filter(r -> r != Role.GRPC && r != Role.ERASURE)
        .map(r -> new Entry(r, defaultInstances(r), new JsonObject())).toList());
  }

  private static int defaultInstances(Role role) {
    return PER_LOOP_BY_DEFAULT.contains(role) ? Entry.PER_EVENT_LOOP : 1;
  }

  /** Reads a plan; when the default file is absent ({@code explicit} false) it is {@link #allRoles()}. */
  public static VerticlesPlan load(Path file, boolean explicit) {
    String source = file.toString();
    try {
      return parse(Files.readString(file), source);
    } catch (NoSuchFileException e) {
      if (explicit) {
        throw new ConfigException(source + ": no such file");
      }
      return allRoles();
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  public static VerticlesPlan parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": not valid JSON: " + ConfigLoader.oneLine(e.getOriginalMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(source + ": expected an object keyed by role (" + roleKeys() + ")");
    }
    List<Entry> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      entries.add(entry(field.getKey(), field.getValue(), source));
    }
    if (entries.isEmpty()) {
      throw new ConfigException(source + ": no roles to deploy (expected some of " + roleKeys() + ")");
    }
    return new VerticlesPlan(entries);
  }

  private static Entry entry(String roleKey, JsonNode node, String source) {
    Role role = Arrays.stream(Role.values()).filter(r -> r.key().equals(roleKey)).findFirst()
        .orElseThrow(() -> new ConfigException(
            source + ": unknown role '" + roleKey + "' (expected one of " + roleKeys() + ")"));
    String where = source + ": " + roleKey;
    if (!node.isObject()) {
      throw new ConfigException(where + ": expected an object with \"instances\" and \"config\"");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ENTRY_FIELDS.contains(name)) {
        throw new ConfigException(where + ": unknown field '" + name + "' (expected instances, config)");
      }
    }
    int instances = 1;
    JsonNode count = node.get("instances");
    if (count != null) {
      if (count.isTextual() && count.textValue().equals(Entry.PER_EVENT_LOOP_TEXT)) {
        instances = Entry.PER_EVENT_LOOP;
      } else if (!count.isIntegralNumber() || !count.canConvertToInt() || count.intValue() < 1) {
        throw new ConfigException(where + ": instances: expected an integer >= 1 or \"" + Entry.PER_EVENT_LOOP_TEXT
            + "\", got " + count);
      } else {
        instances = count.intValue();
      }
    }
    JsonNode config = node.get("config");
    if (config != null && !config.isObject()) {
      throw new ConfigException(where + ": config: expected an object of settings, got " + config);
    }
    return new Entry(role, instances, ConfigLoader.fromTable(config, where + " config"));
  }

  /**
   * This plan with one erasure instance added when a storage entry codes with Reed-Solomon
   * ({@code enable_erasure_coding}) and the plan names no erasure role: storage sends its stripes to it.
   */
  public VerticlesPlan withRolesNeededBy(JsonObject nodeSettings) {
    boolean needed = entries.stream().anyMatch(e -> e.role() == Role.STORAGE
        && Setting.ENABLE_ERASURE_CODING.bool(configFor(e, nodeSettings)));
    if (!needed || has(Role.ERASURE)) {
      return this;
    }
    List<Entry> all = new ArrayList<>(entries);
    all.add(new Entry(Role.ERASURE, 1, new JsonObject()));
    return new VerticlesPlan(all);
  }

  public List<Role> roles() {
    return entries.stream().map(Entry::role).toList();
  }

  public boolean has(Role role) {
    return entries.stream().anyMatch(e -> e.role() == role);
  }

  /** The deployment config of one entry: the node's settings with the role's overrides on top. */
  public JsonObject configFor(Entry entry, JsonObject nodeSettings) {
    return nodeSettings.copy().mergeIn(entry.config());
  }

  /** This plan with the given keys dropped from every role's overrides (command-line flags beat the file). */
  public VerticlesPlan withoutOverrides(Collection<String> keys) {
    return new VerticlesPlan(entries.stream().map(e -> {
      JsonObject config = e.config().copy();
      keys.forEach(config::remove);
      return new Entry(e.role(), e.instances(), config);
    }).toList());
  }

  /**
   * This plan serving {@code protocol} alone ({@code --protocol}): the other protocol roles are dropped and
   * {@code protocol} is deployed once if the plan did not name it.
   */
  public VerticlesPlan servingOnly(Role protocol) {
    List<Entry> kept = new ArrayList<>(entries.stream()
        .filter(e -> e.role() == protocol || !PROTOCOLS.contains(e.role()))
        .toList());
    if (kept.stream().noneMatch(e -> e.role() == protocol)) {
      kept.add(new Entry(protocol, 1, new JsonObject()));
    }
    return new VerticlesPlan(kept);
  }

  private static String roleKeys() {
    return Arrays.stream(Role.values()).map(Role::key).collect(Collectors.joining(", "));
  }
}
