package io.dnsfailover.controller.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dnsfailover version}: the version and the commit the jar was built from. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Prints the version and the commit it was built from.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line());
        out.flush();
        return ExitCodes.OK;
    }

    /** e.g. {@code dnsfailover 0.1.0-SNAPSHOT (commit 5ae00c0e1f2a)}, {@code (commit ..., modified)} or {@code (commit unknown)}. */
    static String line() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // said below as unknown
        }
        String version = known(p.getProperty("version"));
        String commit = known(p.getProperty("commit"));
        boolean dirty = "true".equals(known(p.getProperty("dirty")));
        return "dnsfailover " + (version == null ? "(development build)" : version) + " (commit "
                + (commit == null ? "unknown" : commit + (dirty ? ", with uncommitted changes" : "")) + ")";
    }

    /** A property the build filled in, or {@code null} (absent, or left as {@code ${...}} by a build without git). */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? null : value.trim();
    }
}
