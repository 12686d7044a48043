package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.demo.DemoWebServer;
import io.dnsfailover.controller.engine.Engine;
import io.dnsfailover.controller.engine.Options;
import io.dnsfailover.controller.notify.Notifications;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.controller.schedule.Daemon;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.FileStateStore;
import io.dnsfailover.health.Checker;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dnsfailover demo}: the whole product on loopback with nothing to install. Two web servers, the
 * in-memory DNS provider answering real DNS queries, and the daemon checking every second. It stops the
 * primary, shows detection, decision, write and the new DNS answer, starts the primary again, shows the
 * failback, and ends with the measured times.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a failover and a failback on loopback, with nothing to install and no config: two web servers,",
            "an in-memory DNS provider you can dig, and the daemon. Takes about 15 seconds."})
final class DemoCommand implements Callable<Integer> {

    static final String ZONE = "demo.test";
    static final String HOST = "www." + ZONE;
    static final Duration DEADLINE = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private long t0;
    private int printed;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("dnsfailover-demo-");
        DemoWebServer backup = DemoWebServer.start("127.0.0.2", 0, HOST, "backup");
        DemoWebServer primary = null;
        try {
            primary = startPrimary(backup.port());
            int dnsPort = freeDnsPort();
            InetSocketAddress dns = new InetSocketAddress("127.0.0.1", dnsPort);
            String yaml = config(backup.port(), dnsPort);
            Config config = new ConfigLoader(name -> null).parse("demo.yaml (embedded)", yaml, dir);
            // the DNS zone as it was before dnsfailover: the record points at the primary
            DnsProvider seed = ProviderRegistry.load().factory("inmemory").orElseThrow()
                    .create(new ProviderSettings("demo", Map.of("serveDns", "127.0.0.1:" + dnsPort)));
            seed.apply(List.of(Change.create(RecordSet.of(new RecordKey(ZONE, HOST, RecordType.A), 5, "127.0.0.1"))));
            intro(backup.port(), dnsPort, yaml);

            try (FileStateStore store = FileStateStore.open(dir.resolve("state"));
                    Engine engine = new Engine(config, Providers.open(config, ProviderRegistry.load(), Resilience.DEFAULT), store,
                            Checker.builder().build(), Notifications.from(List.of()), Clock.systemUTC(), Options.DAEMON);
                    Daemon daemon = Daemon.start(config, engine)) {
                waitFor(() -> answer(dns).equals(List.of("127.0.0.1")), "DNS to answer the primary");
                step("DNS answers " + HOST + " -> " + answer(dns) + " (primary); the daemon checks both servers every second");
                waitFor(() -> events(store).stream().filter(e -> e.type() == Event.Type.HEALTH).count() >= 2, "both servers to be UP");
                timeline(store);

                step("stopping the primary web server (its port now refuses connections)");
                long stopped = System.nanoTime();
                primary.close();
                waitFor(() -> answer(dns).equals(List.of("127.0.0.2")), "DNS to answer the backup");
                long failedOver = System.nanoTime();
                timeline(store);
                step("DNS answers " + HOST + " -> " + answer(dns) + " (backup)");
                Instant detected = firstEvent(store, Event.Type.HEALTH, "DOWN");

                step("starting the primary again; failback waits until it has been UP for 5s (failbackAfter)");
                long restarted = System.nanoTime();
                primary = startPrimary(backup.port());
                waitFor(() -> answer(dns).equals(List.of("127.0.0.1")), "DNS to answer the primary again");
                long failedBack = System.nanoTime();
                timeline(store);
                step("DNS answers " + HOST + " -> " + answer(dns) + " (primary)");

                out.println();
                out.println("Measured (checks every 1s, DOWN after 3 failures, UP after 2 passes, failback after 5s UP):");
                out.printf("  primary stopped -> detected DOWN        %6.2f s%n", seconds(detected, stopped));
                out.printf("  primary stopped -> DNS answers backup   %6.2f s%n", (failedOver - stopped) / 1e9);
                out.printf("  primary back    -> DNS answers primary  %6.2f s%n", (failedBack - restarted) / 1e9);
                out.println();
                out.println("Every step is in the journal (events.jsonl). Next: 'dnsfailover validate --config FILE' and 'dnsfailover run'.");
            }
        } finally {
            if (primary != null) {
                primary.close();
            }
            backup.close();
            deleteTree(dir);
            out.flush();
        }
        return ExitCodes.OK;
    }

    static String config(int webPort, int dnsPort) {
        return """
                providers:
                  demo: { type: inmemory, serveDns: "127.0.0.1:%d" }
                groups:
                  www:
                    record: { zone: %s, name: %s, type: A, ttl: 5 }
                    providers: [demo]
                    targets:
                      - { name: primary, address: 127.0.0.1 }
                      - { name: backup, address: 127.0.0.2 }
                    check: { type: http, port: %d, path: /healthz, expectBody: ok, interval: 1s, timeout: 500ms, fall: 3, rise: 2 }
                    failbackAfter: 5s
                    holdDown: 0s
                """.formatted(dnsPort, ZONE, HOST, webPort);
    }

    private void intro(int webPort, int dnsPort, String yaml) {
        out.println("dnsfailover demo: everything on loopback, nothing to install");
        out.printf("  primary web server   http://127.0.0.1:%d/healthz   (answers for %s)%n", webPort, HOST);
        out.printf("  backup web server    http://127.0.0.2:%d/healthz%n", webPort);
        out.printf("  DNS (in-memory)      127.0.0.1:%d   try, while it runs: dig @127.0.0.1 -p %d %s%n", dnsPort, dnsPort, HOST);
        out.println("The config (embedded):");
        yaml.lines().forEach(l -> out.println("    " + l));
        out.println();
        out.flush();
    }

    private DemoWebServer startPrimary(int port) throws IOException {
        try {
            return DemoWebServer.start("127.0.0.1", port, HOST, "primary");
        } catch (IOException e) {
            throw new IOException("cannot start the primary web server on 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
        }
    }

    /** Prints the journal lines written since the last call, as a timeline. */
    private void timeline(FileStateStore store) {
        List<Event> events = events(store);
        for (Event e : events.subList(Math.min(printed, events.size()), events.size())) {
            String line = switch (e.type()) {
                case HEALTH -> "health: " + e.data().get("target") + " " + e.data().get("from") + " -> " + e.data().get("to")
                        + " (" + e.data().get("consecutive") + " × " + e.data().get("reason") + ")";
                case DECISION -> Boolean.TRUE.equals(e.data().get("change")) ? "decision: publish " + e.data().get("targets") + ": "
                        + e.data().get("reason") : "decision: no change: " + e.data().get("reason");
                case APPLY -> "write: " + e.data().get("provider") + " <- " + e.data().get("values") + " (" + e.data().get("durationMs")
                        + " ms" + (Boolean.TRUE.equals(e.data().get("ok")) ? ")" : ", FAILED: " + e.data().get("error") + ")");
                case VERIFY -> "verify: " + e.data().get("provider") + " serves " + e.data().get("served");
                default -> null;
            };
            if (line != null) {
                out.printf("[%6.2fs]   %s%n", (e.at().toEpochMilli() - wallAt(t0)) / 1e3, line);
            }
        }
        printed = events.size();
        out.flush();
    }

    private static List<Event> events(FileStateStore store) {
        return store.journal().read();
    }

    private static Instant firstEvent(FileStateStore store, Event.Type type, String to) {
        return events(store).stream().filter(e -> e.type() == type && to.equals(e.data().get("to"))).map(Event::at)
                .reduce((a, b) -> b).orElse(Instant.now());
    }

    private void step(String what) {
        out.printf("[%6.2fs] %s%n", (System.nanoTime() - t0) / 1e9, what);
        out.flush();
    }

    /** Seconds from a monotonic instant to a journal (wall clock) instant. */
    private static double seconds(Instant wall, long nanos) {
        return (wall.toEpochMilli() - wallAt(nanos)) / 1e3;
    }

    /** The wall clock time (ms) at a monotonic instant. */
    private static long wallAt(long nanos) {
        return System.currentTimeMillis() - (System.nanoTime() - nanos) / 1_000_000;
    }

    private static List<String> answer(InetSocketAddress dns) {
        try {
            SimpleResolver r = new SimpleResolver(dns);
            r.setTimeout(Duration.ofMillis(500));
            Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString(HOST + "."), Type.A, DClass.IN)));
            return m.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                    .map(rec -> ((ARecord) rec).getAddress().getHostAddress()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo gave up waiting " + DEADLINE.toSeconds() + " s for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A port free on 127.0.0.1 for both UDP and TCP, for the in-memory provider's DNS. */
    private static int freeDnsPort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", tcp.getLocalPort()))) {
                return udp.getLocalPort();
            } catch (IOException taken) {
                // the UDP twin was taken: try another
            }
        }
        throw new IOException("found no free port on 127.0.0.1 for the demo's DNS");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
