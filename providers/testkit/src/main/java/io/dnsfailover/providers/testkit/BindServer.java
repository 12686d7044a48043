package io.dnsfailover.providers.testkit;

import io.dnsfailover.providers.DnsNames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 ({@code named}) on a free loopback port, serving one zone that accepts RFC 2136 updates
 * signed with a TSIG key it generates, and optionally zones that accept no updates at all. Set up like
 * the lab (reference/lab.md): authoritative only, no outbound traffic, every path in a temporary
 * directory, no rndc channel.
 *
 * <p>{@link #start} skips the calling test (or fails it under {@code CI=true}) when {@code named} is not
 * installed. {@link #close} stops the process it started, by its own handle, and deletes the directory.
 * Not thread safe; one instance per test class is the intended use.
 */
public final class BindServer implements AutoCloseable {

    /** The name of the TSIG key that the updatable zone grants. */
    public static final String KEY_NAME = "dnsfailover-test-key";
    /** The algorithm of that key, in BIND's spelling. */
    public static final String KEY_ALGORITHM = "hmac-sha256";

    private static final Duration READY_DEADLINE = Duration.ofSeconds(20);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 5;

    private final Path dir;
    private final Process process;
    private final InetSocketAddress address;
    private final String keySecret;
    private final Thread shutdownHook;

    private BindServer(Path dir, Process process, InetSocketAddress address, String keySecret) {
        this.dir = dir;
        this.process = process;
        this.address = address;
        this.keySecret = keySecret;
        // a test JVM that dies before close() must not leave a named behind
        this.shutdownHook = new Thread(process::destroyForcibly, "stop-named-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts named serving {@code zone} (updatable with the generated key) and {@code readOnlyZones}
     * (no updates allowed: every update is REFUSED), and returns once it answers a SOA query for
     * {@code zone}.
     *
     * @throws IllegalStateException when named did not come up within 20 s, with the tail of its log
     */
    public static BindServer start(String zone, String... readOnlyZones) {
        Path named = RealServers.require("named", "bind9 bind9-dnsutils");
        String secret = randomSecret();
        IllegalStateException last = null;
        // another process may take the free port between probing and named binding it: try a few
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            Path dir = ServerProcesses.tempDir("dnsfailover-bind-");
            int port = ServerProcesses.freeDnsPort();
            long serial = 1 + new SecureRandom().nextInt(1_000_000_000);
            Process process = null;
            try {
                writeConfig(dir, port, secret, zone, serial, readOnlyZones);
                process = new ProcessBuilder(named.toString(), "-c", dir.resolve("named.conf").toString(), "-f")
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("named.out").toFile())
                        .start();
                InetSocketAddress address = new InetSocketAddress(ServerProcesses.LOOPBACK, port);
                awaitReady(process, dir, address, zone, serial);
                return new BindServer(dir, process, address, secret);
            } catch (IOException e) {
                last = new IllegalStateException("could not start named in " + dir + ": " + e.getMessage(), e);
            } catch (IllegalStateException e) {
                last = e;
            }
            if (process != null) {
                ServerProcesses.stop(process, STOP_DEADLINE);
            }
            boolean portTaken = logTail(dir).contains("address in use");
            ServerProcesses.deleteTree(dir);
            if (!portTaken) {
                break;
            }
        }
        throw last;
    }

    /** Where named listens, for UDP and TCP. */
    public InetSocketAddress dnsAddress() {
        return address;
    }

    /** The TSIG key name the updatable zone grants ({@value #KEY_NAME}). */
    public String keyName() {
        return KEY_NAME;
    }

    /** The key's secret, base64, as in a {@code tsig-keygen} key file. Fresh for every server. */
    public String keySecret() {
        return keySecret;
    }

    /** The key's algorithm ({@value #KEY_ALGORITHM}). */
    public String keyAlgorithm() {
        return KEY_ALGORITHM;
    }

    /** The last lines of named's own log and its console output, for assertion messages. */
    public String logTail() {
        return logTail(dir);
    }

    /** Stops named (forcibly after 10 s) and deletes its directory. */
    @Override
    public void close() {
        ServerProcesses.stop(process, STOP_DEADLINE);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway and finds the process gone
        }
        ServerProcesses.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "BindServer[" + address.getAddress().getHostAddress() + ":" + address.getPort() + ", pid " + process.pid() + "]";
    }

    private static void writeConfig(Path dir, int port, String secret, String zone, long serial, String... readOnlyZones)
            throws IOException {
        String d = dir.toAbsolutePath().toString();
        StringBuilder conf = new StringBuilder();
        conf.append("key \"").append(KEY_NAME).append("\" {\n  algorithm ").append(KEY_ALGORITHM)
                .append(";\n  secret \"").append(secret).append("\";\n};\n\n");
        conf.append("options {\n")
                .append("  directory \"").append(d).append("\";\n")
                .append("  pid-file \"").append(d).append("/named.pid\";\n")
                .append("  session-keyfile \"").append(d).append("/session.key\";\n")
                .append("  managed-keys-directory \"").append(d).append("\";\n")
                .append("  listen-on port ").append(port).append(" { 127.0.0.1; };\n")
                .append("  listen-on-v6 { none; };\n")
                // authoritative only and silent: nothing may leave loopback (lab.md gotcha 19)
                .append("  recursion no;\n  dnssec-validation no;\n  notify no;\n")
                .append("  allow-transfer { none; };\n  allow-query { 127.0.0.1; };\n")
                .append("};\n\n");
        // no rndc channel: it would otherwise open 127.0.0.1:953 (lab.md gotcha 18)
        conf.append("controls { };\n\n");
        conf.append("logging {\n")
                .append("  channel test { file \"").append(d).append("/named.log\"; severity info; print-time yes; print-category yes; };\n")
                .append("  category default { test; };\n  category update { test; };\n  category update-security { test; };\n")
                .append("};\n\n");
        conf.append(zoneClause(zone, "update-policy { grant " + KEY_NAME + " zonesub ANY; };"));
        writeZoneFile(dir, zone, serial);
        for (String readOnly : readOnlyZones) {
            conf.append(zoneClause(readOnly, "allow-update { none; };"));
            writeZoneFile(dir, readOnly, 1);
        }
        Files.writeString(dir.resolve("named.conf"), conf.toString(), StandardCharsets.UTF_8);
    }

    private static String zoneClause(String zone, String updates) {
        String z = DnsNames.normalise(zone);
        return "zone \"" + z + "\" {\n  type primary;\n  file \"" + z + ".db\";\n  " + updates + "\n};\n\n";
    }

    private static void writeZoneFile(Path dir, String zone, long serial) throws IOException {
        String z = DnsNames.normalise(zone);
        String db = "$ORIGIN " + z + ".\n$TTL 3600\n"
                + "@       SOA ns1 hostmaster ( " + serial + " 10800 3600 604800 300 )\n"
                + "        NS  ns1\n"
                + "ns1     A   127.0.0.1\n";
        Files.writeString(dir.resolve(z + ".db"), db, StandardCharsets.UTF_8);
    }

    /** Polls for the SOA with this start's serial, so that another server on a reused port cannot pass. */
    private static void awaitReady(Process process, Path dir, InetSocketAddress address, String zone, long serial) {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("named exited with status " + process.exitValue()
                        + " before answering on " + address + "; log tail:\n" + logTail(dir));
            }
            if (logTail(dir).contains("address in use")) {
                throw new IllegalStateException("named could not listen on " + address + " (address in use); log tail:\n" + logTail(dir));
            }
            try {
                SimpleResolver resolver = new SimpleResolver(address);
                resolver.setTimeout(Duration.ofMillis(500));
                Message response = resolver.send(Message.newQuery(
                        Record.newRecord(Name.fromString(DnsNames.normalise(zone) + "."), Type.SOA, DClass.IN)));
                for (Record r : response.getSection(Section.ANSWER)) {
                    if (r instanceof SOARecord soa && soa.getSerial() == serial) {
                        return;
                    }
                }
                lastProblem = "answered " + Rcode.string(response.getRcode()) + " without this server's SOA";
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("named did not answer a SOA query for " + zone + " on " + address + " within "
                + READY_DEADLINE.toSeconds() + " s (" + lastProblem + "); log tail:\n" + logTail(dir));
    }

    private static String logTail(Path dir) {
        return ServerProcesses.tail(dir, "named.out", "named.log");
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for named", e);
        }
    }
}
