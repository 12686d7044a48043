package io.dnsfailover.controller.engine;

/** Who asks for a tick: the daemon's schedule, or an operator's command with its input. */
public sealed interface Operator {

    /** The daemon (or {@code plan}): decide from health, the saved pin and policy. */
    Operator AUTOMATIC = new Automatic();

    /** True when the command must leave every provider equal: it writes none unless it can read all. */
    default boolean needsEveryProvider() {
        return false;
    }

    /** The daemon's schedule. */
    record Automatic() implements Operator {}

    /**
     * {@code failover GROUP --to TARGET}: pin the group to {@code target} and publish it.
     *
     * @param force publish it even when its check fails, over a value set by hand or another install's marker
     */
    record Pin(String target, boolean force) implements Operator {
        @Override
        public boolean needsEveryProvider() {
            return true;
        }
    }

    /** {@code failback GROUP}: clear the pin; the operator's consent to move back up the list at once. */
    record Failback() implements Operator {
        @Override
        public boolean needsEveryProvider() {
            return true;
        }
    }
}
