package io.dnsfailover.examples;

/**
 * Where the scale benchmark's targets live and which of them hang; the benchmark writes the daemon's config
 * from it and the target server listens by it, so both agree on every target without talking.
 *
 * <p>Target {@code i} is named {@code t%05d}, has the loopback address {@code 127.1.(i / 250).(1 + i % 250)},
 * and belongs to group {@code i / 4} ({@code g%05d}), where it is target number {@code i % 4} in order of
 * preference. The hanging ones are spread evenly ({@code hangingPercent} 20: every 5th), so they fall on every
 * position in turn: some groups lose their primary and fail over, others a backup.
 *
 * @param targets how many targets, a multiple of {@value #GROUP_SIZE}
 * @param hangingPercent the share of targets that accept a connection and never answer
 */
record ScaleLayout(int targets, int hangingPercent) {

    /** Targets per group. */
    static final int GROUP_SIZE = 4;

    private static final int PER_SUBNET = 250;
    private static final int MAX_TARGETS = 256 * PER_SUBNET;

    ScaleLayout {
        if (targets < GROUP_SIZE || targets > MAX_TARGETS || targets % GROUP_SIZE != 0) {
            throw new IllegalArgumentException("the number of targets must be a multiple of " + GROUP_SIZE + " from "
                    + GROUP_SIZE + " to " + MAX_TARGETS + ", but was " + targets);
        }
        if (hangingPercent < 0 || hangingPercent > 100) {
            throw new IllegalArgumentException("the hanging share must be a percentage from 0 to 100, but was " + hangingPercent);
        }
    }

    int groups() {
        return targets / GROUP_SIZE;
    }

    /** How many targets hang: {@code hangs(i)} is true for exactly this many. */
    int hanging() {
        return targets * hangingPercent / 100;
    }

    String address(int target) {
        return "127.1." + target / PER_SUBNET + "." + (1 + target % PER_SUBNET);
    }

    /** True for target {@code i} when {@code floor((i + 1) × percent / 100)} steps up there: an even spread. */
    boolean hangs(int target) {
        return (target + 1) * hangingPercent / 100 > target * hangingPercent / 100;
    }

    static String groupName(int group) {
        return String.format("g%05d", group);
    }

    static String targetName(int target) {
        return String.format("t%05d", target);
    }

    /** The index of the target named {@code name}, or -1 when it is no name of {@link #targetName}. */
    static int targetIndex(String name) {
        return name != null && name.matches("t\\d{5}") ? Integer.parseInt(name.substring(1)) : -1;
    }
}
