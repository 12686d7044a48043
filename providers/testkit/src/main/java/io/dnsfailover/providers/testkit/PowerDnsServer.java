package io.dnsfailover.providers.testkit;

import io.dnsfailover.providers.DnsNames;
import io.dnsfailover.providers.RecordType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PowerDNS Authoritative server (gsqlite3 backend, HTTP API) on loopback, for tests (DESIGN §9).
 *
 * <p>{@link #start()} creates a temporary directory with a fresh sqlite database and a pdns.conf
 * (DNS and webserver on free 127.0.0.1 ports, a random API key, no security poll, so no traffic leaves
 * loopback), starts {@code pdns_server} in the foreground and returns once both the API and DNS answer.
 * Where pdns_server, its sqlite backend or sqlite3 are missing, the calling test is skipped (or fails
 * under {@code CI=true}), as {@link RealServers} does. {@link #close()} stops this process (by its own
 * handle) and deletes the directory. Not thread safe; one instance per test class is the intended use.
 */
public final class PowerDnsServer implements AutoCloseable {

    private static final String PACKAGES = "pdns-server pdns-backend-sqlite3";
    private static final List<Path> SCHEMAS = List.of(
            Path.of("/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql"),
            Path.of("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"));
    private static final Duration START_DEADLINE = Duration.ofSeconds(20);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;

    private final Path dir;
    private final Process process;
    private final int dnsPort;
    private final int webPort;
    private final String apiKey;
    private final HttpClient http;
    private final Thread shutdownHook;
    private boolean closed;

    private PowerDnsServer(Path dir, Process process, int dnsPort, int webPort, String apiKey, HttpClient http) {
        this.dir = dir;
        this.process = process;
        this.dnsPort = dnsPort;
        this.webPort = webPort;
        this.apiKey = apiKey;
        this.http = http;
        // a test JVM that exits without close() must not leave a server behind
        this.shutdownHook = new Thread(process::destroyForcibly, "pdns-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server, retrying on new ports when a port was taken in the meantime. */
    public static PowerDnsServer start() {
        Path pdns = RealServers.require("pdns_server", PACKAGES);
        Path sqlite = RealServers.require("sqlite3", "sqlite3");
        Path schema = SCHEMAS.stream().filter(Files::isReadable).findFirst().orElse(null);
        if (schema == null) {
            RealServers.skipOrFail("the PowerDNS sqlite schema (" + SCHEMAS.get(0) + ") is missing: install " + PACKAGES);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("pdns-test-");
            createDatabase(sqlite, schema, dir.resolve("pdns.sqlite3"));
            String apiKey = HexFormat.of().formatHex(randomBytes());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            for (int attempt = 1; ; attempt++) {
                int[] ports = {ServerProcesses.freeDnsPort(), ServerProcesses.freeTcpPort()};
                writeConfig(dir, ports[0], ports[1], apiKey);
                Process process = new ProcessBuilder(pdns.toString(), "--config-dir=" + dir)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("pdns.log").toFile())
                        .start();
                PowerDnsServer server = new PowerDnsServer(dir, process, ports[0], ports[1], apiKey, http);
                boolean ready;
                try {
                    ready = server.awaitReady(attempt < ATTEMPTS);
                } catch (RuntimeException e) {
                    server.stop();
                    throw e;
                }
                if (ready) {
                    return server;
                }
                server.stop(); // a port was taken between choosing it and pdns binding it: new ports
            }
        } catch (IOException e) {
            ServerProcesses.deleteTree(dir);
            throw new UncheckedIOException("could not start pdns_server in " + dir, e);
        } catch (RuntimeException | Error e) {
            ServerProcesses.deleteTree(dir);
            throw e;
        }
    }

    /** Creates a Native zone with an NS record and its ns1 A record, as an operator would. */
    public void createZone(String zone) {
        createZone(zone, null);
    }

    /**
     * As {@link #createZone(String)}, with the zone's {@code soa_edit_api}: how the API moves the SOA serial
     * on each change ({@code DEFAULT}, {@code INCREASE}, {@code EPOCH}, or {@code ""} for off); {@code null}
     * leaves PowerDNS's default (DEFAULT).
     */
    public void createZone(String zone, String soaEditApi) {
        if (!DnsNames.isHostName(zone)) {
            throw new IllegalArgumentException("'" + zone + "' is not a zone name of two or more labels, e.g. example.test");
        }
        String z = DnsNames.absolute(zone);
        String json = "{\"name\":\"" + z + "\",\"kind\":\"Native\",\"nameservers\":[\"ns1." + z + "\"],\"rrsets\":["
                + "{\"name\":\"ns1." + z + "\",\"type\":\"A\",\"ttl\":3600,"
                + "\"records\":[{\"content\":\"127.0.0.1\",\"disabled\":false}]}]"
                + (soaEditApi == null ? "" : ",\"soa_edit_api\":\"" + soaEditApi + "\"") + "}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(apiUrl() + "/api/v1/servers/localhost/zones"))
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating zone " + z + " answered HTTP " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** The webserver base URL, e.g. {@code http://127.0.0.1:41234} (the API is below {@code /api/v1}). */
    public String apiUrl() {
        return "http://127.0.0.1:" + webPort;
    }

    /** The random API key of this run. */
    public String apiKey() {
        return apiKey;
    }

    /** Where the server answers DNS (UDP and TCP). */
    public InetSocketAddress dnsAddress() {
        return new InetSocketAddress("127.0.0.1", dnsPort);
    }

    /** The last lines pdns_server logged, for failure messages. */
    public String logTail() {
        return ServerProcesses.tail(dir, "pdns.log");
    }

    /** Stops the server (SIGTERM, then SIGKILL after a deadline) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        ServerProcesses.deleteTree(dir);
    }

    private void stop() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook does the job
        }
        ServerProcesses.stop(process, STOP_DEADLINE);
    }

    /**
     * Polls until the API and DNS answer. Returns false when a port turned out to be taken and another
     * attempt is allowed; throws with the log tail on any other failure or at the deadline.
     */
    private boolean awaitReady(boolean mayRetry) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            boolean exited;
            try {
                exited = process.waitFor(100, TimeUnit.MILLISECONDS); // the poll interval, and an exit check
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for pdns_server", e);
            }
            String log = logTail();
            // a taken DNS port makes pdns exit; a taken webserver port only logs, and pdns runs on without API
            if (log.contains("Address already in use") || log.contains("Unable to bind")) {
                if (mayRetry) {
                    return false;
                }
                throw new IllegalStateException("pdns_server found its ports taken " + ATTEMPTS + " times; log tail:\n" + log);
            }
            if (exited) {
                throw new IllegalStateException("pdns_server exited with code " + process.exitValue()
                        + " before its API answered; log tail:\n" + log);
            }
            if (apiAnswers() && dnsAnswers()) {
                return true;
            }
        }
        throw new IllegalStateException("pdns_server did not answer on " + apiUrl() + " and " + dnsAddress() + " within "
                + START_DEADLINE.toSeconds() + " s; log tail:\n" + logTail());
    }

    private boolean apiAnswers() {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(apiUrl() + "/api/v1/servers/localhost")).GET());
            return r.statusCode() == 200 && r.body().contains("authoritative");
        } catch (UncheckedIOException e) {
            return false; // not listening yet
        }
    }

    private boolean dnsAnswers() {
        try {
            DnsQuery.ask(dnsAddress(), "ready.invalid", RecordType.A); // any answer (REFUSED) will do
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(request(builder), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("PowerDNS API at " + apiUrl() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest request(HttpRequest.Builder builder) {
        return builder.header("X-API-Key", apiKey).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(5)).build();
    }

    private static void createDatabase(Path sqlite, Path schema, Path db) throws IOException {
        Path out = db.resolveSibling("sqlite3.log");
        Process p = new ProcessBuilder(sqlite.toString(), db.toString())
                .redirectInput(schema.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            if (!p.waitFor(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("sqlite3 did not create " + db + " within " + START_DEADLINE.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + db, e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("sqlite3 failed to load " + schema + " (exit " + p.exitValue() + "): "
                    + Files.readString(out));
        }
    }

    private static void writeConfig(Path dir, int dnsPort, int webPort, String apiKey) throws IOException {
        Path sock = Files.createDirectories(dir.resolve("sock"));
        String conf = String.join("\n",
                "# written by dnsfailover's PowerDnsServer (tests); see reference/lab.md",
                "launch=gsqlite3",
                "gsqlite3-database=" + dir.resolve("pdns.sqlite3"),
                "local-address=127.0.0.1",
                "local-port=" + dnsPort,
                "socket-dir=" + sock,
                "daemon=no",
                "guardian=no",
                "disable-syslog=yes",
                "loglevel=4",
                "# no outbound traffic: no security poll (it queries secpoll.powerdns.com)",
                "security-poll-suffix=",
                "api=yes",
                "api-key=" + apiKey,
                "webserver=yes",
                "webserver-address=127.0.0.1",
                "webserver-port=" + webPort,
                "webserver-allow-from=127.0.0.1,::1",
                "default-soa-content=ns1.@ hostmaster.@ 0 10800 3600 604800 3600",
                "receiver-threads=1",
                "distributor-threads=1",
                "");
        Files.writeString(dir.resolve("pdns.conf"), conf);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public String toString() {
        return "PowerDnsServer[api " + apiUrl() + ", dns " + dnsAddress() + "]";
    }
}
