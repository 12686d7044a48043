package io.dnsfailover.controller.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.SettingSpec;

/**
 * Loads and validates a config file (DESIGN §6). Every problem of the file is reported at once, each
 * with file, line, column and what to write instead; nothing is half-loaded.
 */
public final class ConfigLoader {

    static final String[] TOP = {"providers", "groups", "notify", "alarms", "state", "owner", "cluster"};

    private final Function<String, String> env;
    private final ProviderRegistry registry;
    private final Supplier<String> hostName;

    /** Resolves {@code ${env:NAME}} from the process environment; provider types from the class path. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** Resolves {@code ${env:NAME}} with {@code env} (tests); provider types from the class path. */
    public ConfigLoader(Function<String, String> env) {
        this(env, ProviderRegistry.load());
    }

    public ConfigLoader(Function<String, String> env, ProviderRegistry registry) {
        this(env, registry, HostName::local);
    }

    /** {@code hostName} is asked only when the config names no {@code owner:}. */
    ConfigLoader(Function<String, String> env, ProviderRegistry registry, Supplier<String> hostName) {
        this.env = env;
        this.registry = registry;
        this.hostName = hostName;
    }

    /**
     * @throws ConfigException listing every problem, when the file is missing, unreadable or invalid
     */
    public Config load(Path file) {
        return loadFile(file).config();
    }

    /** A config and the SHA-256 (hex) of the very bytes it was read from. */
    public record Loaded(Config config, String sha256) {}

    /**
     * As {@link #load}, with the digest of the bytes read: a daemon answers a command for its config only when
     * the command's file has these bytes.
     *
     * @throws ConfigException listing every problem, when the file is missing, unreadable or invalid
     */
    public Loaded loadFile(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw ConfigException.of(name, "is a directory, not a config file; name the YAML file, e.g. --config "
                    + file.resolve("dnsfailover.yaml"));
        }
        String text;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            text = ConfigText.decode(bytes);
        } catch (ConfigText.NotText e) {
            throw ConfigException.of(name, e.getMessage());
        } catch (NoSuchFileException e) {
            throw ConfigException.of(name, "no such file; write one (see examples/ and the README), or name "
                    + "another with --config FILE or DNSFAILOVER_CONFIG");
        } catch (IOException e) {
            throw ConfigException.of(name, "cannot read it (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        Path dir = file.toAbsolutePath().getParent();
        return new Loaded(parse(name, text, dir), digest(bytes));
    }

    /** The SHA-256 of {@code bytes}, in lower-case hex. */
    public static String digest(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * Parses config text; {@code baseDir} resolves relative paths ({@code ${file:...}}, {@code state.dir}).
     *
     * @throws ConfigException listing every problem
     */
    public Config parse(String fileName, String text, Path baseDir) {
        Problems problems = new Problems(fileName);
        Node root = new YamlTree(problems, new Interpolator(env, baseDir, problems)).read(text);
        Config config = root == null ? null : bind(root, problems, baseDir);
        if (!problems.isEmpty() || config == null) {
            throw new ConfigException(problems.errors());
        }
        return new Config(fileName, config.providers(), config.groups(), config.notifiers(), config.state(),
                config.owner(), config.alarms(), config.cluster(), problems.warnings());
    }

    private Config bind(Node root, Problems problems, Path baseDir) {
        if (root instanceof Node.Null) {
            problems.add(1, 1, "", "the file is empty; it needs at least providers: and groups: (see examples/)");
            return null;
        }
        Fields top = Fields.of(root, "", problems, "a dnsfailover config", TOP);
        if (top == null) {
            return null;
        }
        Map<String, ProviderConfig> providers = providers(top, problems);
        Map<String, GroupConfig> groups = new GroupBinder(problems, providers, registry).groups(top);
        List<NotifierConfig> notify = notifiers(top, problems);
        InstallBinder install = new InstallBinder(top, problems);
        Config.StateConfig state = install.state(baseDir);
        ClusterConfig cluster = new ClusterBinder(top, problems).cluster();
        // every node of a cluster must be one owner: its default comes from the database, not from this machine
        String owner = install.owner(cluster != null ? cluster::defaultOwner : () -> Config.defaultOwner(hostName.get(), state.dir()));
        return new Config("", providers, groups, notify, state, owner, install.alarms(), cluster, List.of());
    }

    private Map<String, ProviderConfig> providers(Fields top, Problems problems) {
        Map<String, ProviderConfig> out = new LinkedHashMap<>();
        Node.MapNode map = top.namedMap("providers", "provider names with their settings",
                "followed by your DNS accounts, e.g. providers: { pdns: { type: powerdns, ... } }");
        if (map == null) {
            return out;
        }
        for (Node.Entry e : map.entries().values()) {
            String path = "providers." + e.key();
            // a provider whose settings are wrong still counts as defined, so groups naming it are not blamed
            out.put(e.key(), provider(e, path, problems));
        }
        return out;
    }

    private ProviderConfig provider(Node.Entry e, String path, Problems problems) {
        String peeked = Fields.peek(e.value(), "type");
        String type = peeked == null ? null : peeked.toLowerCase(Locale.ROOT);
        DnsProviderFactory factory = type == null ? null : registry.factory(type).orElse(null);
        List<String> allowed = new ArrayList<>(List.of("type"));
        if (factory != null) {
            factory.settings().forEach(spec -> allowed.add(spec.name()));
        } else if (e.value() instanceof Node.MapNode m) {
            allowed.addAll(m.entries().keySet()); // type unknown: its keys cannot be judged
        }
        Fields f = Fields.of(e.value(), path, problems, "a " + (factory != null ? type : "provider") + " provider",
                allowed.toArray(String[]::new));
        ProviderConfig unusable = new ProviderConfig(e.key(), type == null ? "" : type, Map.of(), Map.of());
        if (f == null) {
            return unusable;
        }
        if (type == null) {
            f.missing("type", "one of " + String.join(", ", registry.types()));
            return unusable;
        }
        if (factory == null) {
            String near = Suggest.closest(type, registry.types());
            f.problem("type", "provider type '" + f.written("type") + "' is not available in this build; "
                    + (near != null ? "did you mean '" + near + "'? " : "") + "types: " + String.join(", ", registry.types()));
            return unusable;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        for (SettingSpec spec : factory.settings()) {
            if (spec.required() && !f.has(spec.name())) {
                f.missing(spec.name(), spec.example());
            } else if (spec.secret()) {
                Secret s = f.secret(spec.name());
                if (s != null) {
                    secrets.put(spec.name(), s);
                }
            } else {
                String v = f.string(spec.name());
                if (v != null) {
                    settings.put(spec.name(), v.trim());
                }
            }
        }
        ProviderConfig config = new ProviderConfig(e.key(), type, settings, secrets);
        // The adapter sees real values; what it says goes through the same redaction as printed config.
        Map<String, String> shown = new LinkedHashMap<>();
        secrets.forEach((k, v) -> shown.put(v.reveal(), v.toString()));
        for (String key : settings.keySet()) {
            if (f.node(key) instanceof Node.Scalar sc && sc.interpolated()) {
                shown.put(settings.get(key), sc.written());
            }
        }
        factory.validate(config.toSettings()).forEach((key, message) -> {
            if (!problems.reported(f.path(key))) { // e.g. a missing key the adapter would report again
                f.problem(key, scrub(message, shown));
            }
        });
        return config;
    }

    private static List<NotifierConfig> notifiers(Fields top, Problems problems) {
        List<NotifierConfig> out = new ArrayList<>();
        List<Node> items = top.list("notify");
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            String path = "notify[" + i + "]";
            Node item = items.get(i);
            String type = Fields.peek(item, "type");
            if ("email".equals(type)) {
                NotifierConfig n = email(Fields.of(item, path, problems, "an email notifier", "type", "smtp", "from", "to"));
                if (n != null) {
                    out.add(n);
                }
            } else if ("webhook".equals(type)) {
                NotifierConfig n = webhook(Fields.of(item, path, problems, "a webhook notifier", "type", "url", "headers"));
                if (n != null) {
                    out.add(n);
                }
            } else {
                problems.at(item, path + ".type", (type == null ? "missing 'type'" : "unknown notifier type '" + type + "'")
                        + "; write type: email or type: webhook");
            }
        }
        return out;
    }

    private static NotifierConfig email(Fields f) {
        if (f == null) {
            return null;
        }
        String from = f.required("from", "dnsfailover@example.com");
        if (from != null && !isEmail(from)) {
            f.problem("from", "'" + f.written("from") + "' is not an email address; write e.g. dnsfailover@example.com");
        }
        List<String> to = f.strings("to", a -> isEmail(a) ? null : "'" + a + "' is not an email address; write e.g. ops@example.com");
        if (!f.has("to")) {
            f.missing("to", "[ops@example.com]");
        }
        if (!f.has("smtp")) {
            f.missing("smtp", "{ host: smtp.example.com, port: 587, starttls: true }");
            return null;
        }
        Fields smtp = Fields.of(f.node("smtp"), f.path("smtp"), f.problems(), "the SMTP settings",
                "host", "port", "starttls", "tls", "username", "password");
        if (smtp == null) {
            return null;
        }
        String host = smtp.required("host", "smtp.example.com");
        boolean tls = smtp.bool("tls", false);
        boolean starttls = smtp.bool("starttls", !tls);
        if (tls && starttls) {
            smtp.problem("starttls", "starttls and tls (implicit TLS) exclude each other; keep tls: true for port 465, "
                    + "or starttls: true for port 587");
        }
        int port = smtp.integer("port", tls ? 465 : 587, 1, 65535, "SMTP is usually 587 (STARTTLS) or 465 (TLS)");
        String username = smtp.string("username");
        Secret password = smtp.secret("password");
        if (username != null && password == null && !smtp.has("password")) {
            smtp.missing("password", "${env:SMTP_PASSWORD} (a username needs a password)");
        }
        return host == null || from == null ? null
                : new NotifierConfig.Email(host.trim(), port, starttls, tls, username, password, from.trim(), to);
    }

    private static NotifierConfig webhook(Fields f) {
        if (f == null) {
            return null;
        }
        String url = f.required("url", "https://hooks.example.com/dnsfailover");
        if (url != null) {
            String error = httpUrlError(url.trim());
            if (error != null) {
                f.problem("url", error);
                url = null;
            }
        }
        Map<String, Secret> headers = new LinkedHashMap<>();
        f.headers("headers").forEach((name, value) -> headers.put(name, Fields.secret(value)));
        return url == null ? null : new NotifierConfig.Webhook(url.trim(), headers);
    }

    /** {@code message} with every value in {@code shown} replaced by what may be shown of it. */
    static String scrub(String message, Map<String, String> shown) {
        String out = message;
        for (Map.Entry<String, String> e : shown.entrySet()) {
            if (!e.getKey().isEmpty()) {
                out = out.replace(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    static boolean isEmail(String text) {
        return text.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    }

    /** {@code null} when {@code text} is an absolute http(s) URL with a host, else what to write. */
    static String httpUrlError(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return null;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return "expected an http:// or https:// URL with a host, e.g. https://api.example.com/v1";
    }
}
