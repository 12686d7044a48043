package io.dnsfailover.controller.state;

import io.dnsfailover.health.Health;
import java.time.Instant;

/**
 * The latest known health of one target, as kept in {@code state.json}.
 *
 * @param health after thresholds
 * @param since when that health began ({@code null} while the initial UNKNOWN)
 * @param checkedAt when the latest probe ran
 * @param reason the latest probe's reason
 */
public record TargetHealth(Health health, Instant since, Instant checkedAt, String reason) {}
