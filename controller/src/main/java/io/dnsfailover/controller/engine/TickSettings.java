package io.dnsfailover.controller.engine;

import io.dnsfailover.providers.Capabilities;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a tick needs to know beyond the group's config: constant for a process's life.
 *
 * @param owner this install's identity, for the ownership marker
 * @param readCacheFor how long a good provider read is reused before reading again for drift (a read is
 *     always repeated right before a write)
 * @param remindEvery the least time between two notifications of one lasting condition
 * @param providerFailingAfter how long a provider must keep failing before it is notified (it is journalled
 *     and logged at its first failure)
 * @param capabilities each provider's declared capabilities, by name
 */
public record TickSettings(String owner, Duration readCacheFor, Duration remindEvery, Duration providerFailingAfter,
        Map<String, Capabilities> capabilities) {

    public TickSettings {
        Objects.requireNonNull(owner, "owner");
        capabilities = Map.copyOf(capabilities);
    }
}
