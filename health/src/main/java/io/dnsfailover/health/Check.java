package io.dnsfailover.health;

/**
 * Probes one target once.
 *
 * <p>Contract: {@link #probe} blocks for at most the spec's timeout (plus scheduling slack), never throws,
 * and always answers with a {@link CheckResult} whose reason says what happened. A failure of the target
 * (refused, timed out, wrong status, bad certificate) is DOWN; a failure on the checker's side (cannot
 * open a socket, network unreachable from here, interrupted) is UNKNOWN. Implementations are thread safe:
 * one instance probes many targets concurrently.
 */
public interface Check {

    /**
     * Probes the target once and judges the answer.
     *
     * @param target where to send the probe and which host name to present there
     * @return UP, DOWN or UNKNOWN with a one-line reason; never {@code null}
     */
    CheckResult probe(ProbeTarget target);
}
