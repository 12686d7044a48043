package io.dnsfailover.controller.engine;

import java.time.Duration;

/**
 * How the engine runs.
 *
 * @param dryRun do everything but write: journal lines are marked dry-run, the state is never written
 * @param readCacheFor how long a good provider read is reused before reading again for drift (a provider is
 *     always read again right before a write, and a failed read is never reused)
 */
public record Options(boolean dryRun, Duration readCacheFor) {

    public static final Options DAEMON = new Options(false, Duration.ofMinutes(5));

    public Options withDryRun(boolean dry) {
        return new Options(dry, readCacheFor);
    }
}
