package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.demo.DemoWebServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dnsfailover demo}: runs on loopback with nothing to install. Starts a primary and a backup web
 * server, checks both, stops the primary and checks again, so the user sees what the health checks see
 * and why. (The failover itself, DNS writes and failback, is not built yet.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start two web servers on loopback, check them, stop the primary, check again. Needs no config.")
final class DemoCommand implements Callable<Integer> {

    static final String HOST = "www.demo.test";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        DemoWebServer primary = DemoWebServer.start("127.0.0.1", 0, HOST, "primary");
        try (DemoWebServer backup = startBackup(primary.port())) {
            String yaml = config(primary.port());
            Config config = new ConfigLoader(name -> null).parse("demo.yaml (embedded)", yaml, Path.of("."));
            List<GroupConfig> groups = List.copyOf(config.groups().values());
            out.printf("dnsfailover demo: two web servers on loopback, answering for %s%n", HOST);
            out.printf("  primary  http://127.0.0.1:%d/healthz%n  backup   http://127.0.0.2:%d/healthz%n%n", primary.port(),
                    backup.port());
            out.println("The config (embedded):");
            yaml.lines().forEach(l -> out.println("  " + l));
            out.println();
            round(out, t0, "1. both servers up", groups);
            primary.close();
            out.printf("%n[%s] primary web server stopped%n%n", elapsed(t0));
            round(out, t0, "2. primary stopped", groups);
            out.println();
            out.println("A single failed probe never moves traffic: the daemon counts 'fall' failures in a row");
            out.println("(3 here) before a target is DOWN. The failover itself (DNS writes, failback) is not built yet;");
            out.println("run 'dnsfailover check --config FILE' against your own servers.");
        } finally {
            primary.close();
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static DemoWebServer startBackup(int port) throws IOException {
        try {
            return DemoWebServer.start("127.0.0.2", port, HOST, "backup");
        } catch (IOException e) {
            throw new IOException("cannot start the backup web server on 127.0.0.2:" + port + " (" + e.getMessage()
                    + "); the demo needs the loopback range 127.0.0.0/8, as Linux provides", e);
        }
    }

    private static void round(PrintWriter out, long t0, String title, List<GroupConfig> groups) {
        out.printf("[%s] %s: probing every target once%n", elapsed(t0), title);
        CheckReport.text(CheckCommand.probeAll(groups)).lines().forEach(l -> out.println("  " + l));
        out.flush();
    }

    static String config(int port) {
        return """
                providers:
                  demo: { type: inmemory }
                groups:
                  www:
                    record: { zone: demo.test, name: %s, type: A, ttl: 5 }
                    providers: [demo]
                    targets:
                      - { name: primary, address: 127.0.0.1 }
                      - { name: backup, address: 127.0.0.2 }
                    check: { type: http, port: %d, path: /healthz, expectBody: ok, interval: 1s, timeout: 500ms, fall: 3, rise: 2 }
                """.formatted(HOST, port);
    }

    private static String elapsed(long t0) {
        return String.format("%6.2fs", (System.nanoTime() - t0) / 1e9);
    }
}
