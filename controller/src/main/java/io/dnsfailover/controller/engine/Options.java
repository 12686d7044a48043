package io.dnsfailover.controller.engine;

import java.time.Duration;

/**
 * How the engine runs.
 *
 * @param dryRun do everything but write: plans are journalled as dry-run events and logged, the state is never written
 * @param readCacheFor how long provider reads are reused before reading again for drift (they are always
 *     re-read right before a write)
 * @param providerFailingAfter how long a provider must keep failing before operators are notified
 */
public record Options(boolean dryRun, Duration readCacheFor, Duration providerFailingAfter) {

    public static final Options DAEMON = new Options(false, Duration.ofMinutes(5), Duration.ofMinutes(2));

    public Options withDryRun(boolean dry) {
        return new Options(dry, readCacheFor, providerFailingAfter);
    }
}
