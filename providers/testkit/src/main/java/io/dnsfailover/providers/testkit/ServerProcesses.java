package io.dnsfailover.providers.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the real-server fixtures share: loopback ports, stopping their own process, logs, temp dirs. */
final class ServerProcesses {

    /** 127.0.0.1 itself (a literal, never looked up): getLoopbackAddress() may be ::1. */
    static final InetAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0).getAddress();

    private static final int TAIL_LINES = 30;

    private ServerProcesses() {}

    /** A port free for both TCP and UDP on 127.0.0.1 when asked (a DNS server needs both). */
    static int freeDnsPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, tcp.getLocalPort()))) {
                    return udp.getLocalPort();
                } catch (IOException udpTaken) {
                    // this TCP port's UDP twin is in use: ask for another
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind any port on " + LOOPBACK, e);
            }
        }
        throw new IllegalStateException("found no port free for both TCP and UDP on " + LOOPBACK + " in 50 tries");
    }

    /** A TCP port free on 127.0.0.1 when asked. */
    static int freeTcpPort() {
        try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
            return tcp.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind any port on " + LOOPBACK, e);
        }
    }

    /** SIGTERM, then SIGKILL after {@code deadline}: only this process, by its own handle, never by name. */
    static void stop(Process process, Duration deadline) {
        process.destroy();
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of each readable file, headed by its name, for failure messages. */
    static String tail(Path dir, String... files) {
        List<String> lines = new ArrayList<>();
        for (String file : files) {
            Path p = dir.resolve(file);
            if (!Files.isReadable(p)) {
                continue;
            }
            try {
                List<String> all = Files.readAllLines(p, StandardCharsets.UTF_8);
                if (files.length > 1) {
                    lines.add("--- " + file);
                }
                lines.addAll(all.subList(Math.max(0, all.size() - TAIL_LINES), all.size()));
            } catch (IOException | UncheckedIOException e) {
                lines.add("--- " + file + " unreadable: " + e.getMessage());
            }
        }
        return lines.isEmpty() ? "(no log)" : String.join("\n", lines);
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory " + prefix + "*", e);
        }
    }

    /** Deletes the tree; a left-over temp dir is untidy, not worth failing a test for. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // see above
        }
    }
}
