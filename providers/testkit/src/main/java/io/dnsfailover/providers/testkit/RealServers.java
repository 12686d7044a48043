package io.dnsfailover.providers.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests that need a real DNS server binary (DESIGN §9): where it is missing the test is
 * skipped with a message naming the packages to install; under {@code CI=true} it fails instead, so CI
 * can never pass by skipping.
 */
public final class RealServers {

    private RealServers() {}

    /** The binary's path; skips (or, under CI, fails) the calling test when it is not installed. */
    public static Path require(String binary, String packages) {
        Path found = find(binary);
        if (found == null) {
            skipOrFail(binary + " is not installed: install the Debian packages " + packages
                    + " (mvn verify does so when run as root), or these tests are skipped");
        }
        return found;
    }

    /** Skips the calling test with {@code message}, or fails it under {@code CI=true}. */
    static void skipOrFail(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; under CI=true they must run");
        }
        Assumptions.abort(message);
    }

    /** Looks in PATH and the sbin directories (servers live there and are often not in a user's PATH). */
    public static Path find(String binary) {
        String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        for (String dir : (path + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
