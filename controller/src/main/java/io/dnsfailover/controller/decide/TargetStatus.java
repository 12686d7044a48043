package io.dnsfailover.controller.decide;

import io.dnsfailover.health.Health;
import java.time.Instant;
import java.util.Objects;

/**
 * One target's health as the decision sees it.
 *
 * @param name the target's name in the group
 * @param value the record value it stands for (normalised)
 * @param health after thresholds
 * @param since when that health began; {@code null} while still the initial UNKNOWN
 * @param evidence why, for reasons: e.g. {@code 3 × connection refused (203.0.113.10:443) since 12:00:03Z}
 * @param checked true once the target has been probed at least once
 */
public record TargetStatus(String name, String value, Health health, Instant since, String evidence, boolean checked) {

    public TargetStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(health, "health");
        evidence = evidence == null || evidence.isBlank() ? health.name() : evidence;
    }

    boolean up() {
        return health == Health.UP;
    }

    boolean down() {
        return health == Health.DOWN;
    }
}
