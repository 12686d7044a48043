package io.dnsfailover.providers;

import java.util.Optional;

/**
 * What {@link DnsProvider#apply} did.
 *
 * @param changed how many of the changes were written (the others were already in place)
 * @param syncToken the provider's handle for {@link DnsProvider#awaitSync} (e.g. a Route 53 change id), if any
 */
public record ApplyResult(int changed, Optional<String> syncToken) {

    public static ApplyResult of(int changed) {
        return new ApplyResult(changed, Optional.empty());
    }
}
