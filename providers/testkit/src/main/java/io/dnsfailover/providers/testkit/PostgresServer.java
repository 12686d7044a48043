package io.dnsfailover.providers.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server on loopback, for tests (DESIGN §9): {@code initdb} into a temporary directory, then
 * {@code postgres} in the foreground on a free 127.0.0.1 port, with a password-protected superuser of a random
 * password, no Unix socket outside that directory and durability switched off (tests need speed, not crash
 * safety). Debian's {@code postgresql} package puts the binaries under {@code /usr/lib/postgresql/<version>/bin};
 * where they are missing the calling test is skipped (or fails under {@code CI=true}), as {@link RealServers}
 * does. PostgreSQL refuses to run as root: under root the server runs as the {@code postgres} user the
 * package creates, by {@code setpriv}, so that this process still holds the server's own handle.
 *
 * <p>{@link #stop()} and {@link #start()} stop and start the same server on the same port and data (a test of a
 * database outage); {@link #close()} stops it and deletes the directory. Not thread safe.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String PACKAGES = "postgresql";
    private static final Path LIB = Path.of("/usr/lib/postgresql");
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** The superuser's name; its password is random per server. */
    public static final String USER = "dnsfailover";

    private final Path bin;
    private final Path dir;
    private final String password;
    private final String runAs;
    private int port;
    private Process process;
    private Thread shutdownHook;
    private boolean closed;

    private PostgresServer(Path bin, Path dir, String password, String runAs) {
        this.bin = bin;
        this.dir = dir;
        this.password = password;
        this.runAs = runAs;
    }

    private static PostgresServer shared;

    /**
     * One server for every test of this JVM that only needs databases of its own ({@link #createDatabase}), started
     * on first use and stopped when the JVM exits: one {@code initdb} per JVM, not per test class. A test that stops
     * or breaks the server makes its own with {@link #create}.
     */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            PostgresServer s = create();
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "postgres-shared-stop"));
            shared = s;
        }
        return shared;
    }

    /** Creates a cluster and starts its server, retrying on a new port when the one chosen was taken meanwhile. */
    public static PostgresServer create() {
        Path bin = binaries();
        Path dir = ServerProcesses.tempDir("postgres-test-");
        try {
            String runAs = isRoot() ? "postgres" : null;
            String password = HexFormat.of().formatHex(randomBytes());
            PostgresServer server = new PostgresServer(bin, dir, password, runAs);
            server.initdb();
            server.port = ServerProcesses.freeTcpPort();
            server.start();
            return server;
        } catch (RuntimeException | Error e) {
            ServerProcesses.deleteTree(dir);
            throw e;
        }
    }

    /** The directory of the newest installed PostgreSQL's binaries; skips (or fails under CI) when none. */
    static Path binaries() {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(LIB)) {
            try (Stream<Path> versions = Files.list(LIB)) {
                versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres"))
                        && Files.isExecutable(b.resolve("initdb"))).forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + LIB, e);
            }
        }
        found.sort(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())));
        if (found.isEmpty()) {
            Path initdb = RealServers.find("initdb");
            if (initdb != null && Files.isExecutable(initdb.resolveSibling("postgres"))) {
                return initdb.getParent();
            }
            RealServers.skipOrFail("PostgreSQL is not installed (no " + LIB + "/<version>/bin/postgres): install the"
                    + " Debian package " + PACKAGES + " (mvn verify does so when run as root), or these tests are skipped");
        }
        return found.get(found.size() - 1);
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void initdb() {
        Path data = dir.resolve("data");
        Path pwfile = dir.resolve("pwfile");
        try {
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            if (runAs != null) {
                own(dir);
                own(pwfile);
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                    "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"),
                    dir.resolve("initdb.log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + " for initdb", e);
        } finally {
            try {
                Files.deleteIfExists(pwfile);
            } catch (IOException e) {
                // in a temporary directory deleted at close
            }
        }
    }

    /** Starts the server (again, after {@link #stop()}) on its port and returns once it accepts a login. */
    public void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D",
                    dir.resolve("data").toString(), "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=" + dir, "-c", "fsync=off", "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "log_min_messages=warning"));
            try {
                process = new ProcessBuilder(asUser(command)).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command.get(0), e);
            }
            Process started = process;
            shutdownHook = new Thread(started::destroyForcibly, "postgres-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            String failure = awaitReady();
            if (failure == null) {
                return;
            }
            stopProcess();
            if (!failure.contains("Address already in use") || attempt >= ATTEMPTS) {
                throw new IllegalStateException("postgres did not start: " + failure + "; log tail:\n" + logTail());
            }
            port = ServerProcesses.freeTcpPort(); // taken between choosing it and binding it
        }
    }

    /** Stops the server (fast shutdown: clients are disconnected), keeping its data and port. Idempotent. */
    public void stop() {
        stopProcess();
    }

    /** A new, empty database owned by {@link #USER}; returns its name. */
    public String createDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The superuser's random password. */
    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** A connection to {@code database} as the superuser. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** The last lines the server logged, for failure messages. */
    public String logTail() {
        return ServerProcesses.tail(dir, "initdb.log", "postgres.log");
    }

    /** Stops the server and deletes its directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess();
        ServerProcesses.deleteTree(dir);
    }

    /** Polls until a login works: {@code null}, or why not (the process exited, the deadline passed). */
    private String awaitReady() {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                    return "it exited with code " + process.exitValue() + " (" + logTail().lines()
                            .filter(l -> l.contains("FATAL") || l.contains("already in use")).findFirst().orElse("") + ")";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for it";
            }
            try (Connection c = connect("postgres")) {
                return null;
            } catch (SQLException e) {
                last = e; // starting up: the poll goes on
            }
        }
        return "no login within " + START_DEADLINE.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage());
    }

    private void stopProcess() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook does the job
        }
        if (!p.isAlive()) {
            return;
        }
        try {
            // SIGINT is PostgreSQL's fast shutdown; SIGTERM (destroy) would wait for every client to leave
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
            if (!p.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void run(List<String> command, Path log) {
        try {
            Process p = new ProcessBuilder(asUser(command)).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not end within " + START_DEADLINE.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " exited with code " + p.exitValue() + "; log tail:\n"
                        + ServerProcesses.tail(dir, log.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** The command as the {@code postgres} user when this process is root (setpriv execs: the handle is the server's). */
    private List<String> asUser(List<String> command) {
        if (runAs == null) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=" + runAs, "--regid=" + runAs, "--init-groups", "--"));
        out.addAll(command);
        return out;
    }

    private void own(Path p) throws IOException {
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = users.lookupPrincipalByName(runAs);
            group = users.lookupPrincipalByGroupName(runAs);
        } catch (IOException e) {
            RealServers.skipOrFail("PostgreSQL refuses to run as root and there is no user '" + runAs + "' to run it"
                    + " as: install the Debian package " + PACKAGES + " (it creates the user)");
            throw e;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
