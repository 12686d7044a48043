package io.dnsfailover.controller.cli;

/** The exit codes of every command (DESIGN §7). */
public final class ExitCodes {

    /** Success; for {@code check}, also when targets are down: that is information. */
    public static final int OK = 0;
    /** Something failed at run time. */
    public static final int FAILURE = 1;
    /** {@code plan --detailed-exitcode} found pending changes. */
    public static final int CHANGES_PENDING = 2;
    /** A safety rail refused; {@code --force} would override. */
    public static final int REFUSED = 3;
    /** The command line is wrong. */
    public static final int USAGE = 64;
    /** The config is wrong, or the state directory cannot be used (broken or newer state). */
    public static final int CONFIG = 78;

    private ExitCodes() {}

    /**
     * The exit code of a command that moves a group ({@code failover}, {@code failback}): 3 when a safety rail
     * refused, 1 when a provider could not be read or a write failed, else 0.
     */
    static int ofMove(io.dnsfailover.controller.engine.OneShotRun.Result r) {
        if (!r.plan().refusals().isEmpty()) {
            return REFUSED;
        }
        if (r.held() != null || r.anyWriteFailed() || !r.plan().unreadable().isEmpty()) {
            return FAILURE;
        }
        return OK;
    }

    /**
     * The exit code of {@code plan}: 1 when a provider could not be read; with {@code detailed}, 2 when a change
     * could be applied now (a change that every rail refuses is not pending: nothing would be written); else 0.
     */
    static int ofPlan(java.util.List<io.dnsfailover.controller.engine.OneShotRun.Result> rs, boolean detailed) {
        if (rs.stream().anyMatch(r -> !r.plan().unreadable().isEmpty())) {
            return FAILURE;
        }
        return detailed && rs.stream().anyMatch(r -> r.plan().applicable()) ? CHANGES_PENDING : OK;
    }
}
