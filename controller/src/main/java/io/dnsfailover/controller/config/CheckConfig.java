package io.dnsfailover.controller.config;

import io.dnsfailover.health.CheckSpec;
import io.dnsfailover.health.Thresholds;
import java.time.Duration;

/**
 * How a group's targets are checked.
 *
 * @param type {@code tcp}, {@code http}, {@code https} or {@code dns}
 * @param interval time between probes of one target
 * @param fastInterval time between probes of a target whose streak turned (an UP one failing, a DOWN one
 *     passing), until it changes health or the streak breaks
 * @param thresholds fall and rise
 * @param spec one probe, as the health module runs it
 * @param hostName the name presented to HTTP(S) targets (Host header, SNI, certificate); {@code null} for
 *     tcp and dns
 */
public record CheckConfig(String type, Duration interval, Duration fastInterval, Thresholds thresholds, CheckSpec spec, String hostName) {}
