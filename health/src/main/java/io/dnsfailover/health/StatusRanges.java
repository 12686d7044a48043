package io.dnsfailover.health;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of HTTP status codes written as a list of codes and ranges, e.g. {@code 200-399} or
 * {@code 200, 204, 301-302}.
 */
public final class StatusRanges {

    /** 200-399: any success or redirect. */
    public static final StatusRanges DEFAULT = parse("200-399");

    private final List<int[]> ranges;
    private final String text;

    private StatusRanges(List<int[]> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /**
     * Parses {@code 200}, {@code 200-399} or a comma-separated list of those.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong and what to write
     */
    public static StatusRanges parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected status codes such as 200-399 or 200, 204, but was empty");
        }
        List<int[]> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            int from;
            int to;
            try {
                if (dash < 0) {
                    from = to = Integer.parseInt(p);
                } else {
                    from = Integer.parseInt(p.substring(0, dash).trim());
                    to = Integer.parseInt(p.substring(dash + 1).trim());
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "expected status codes such as 200-399 or 200, 204, but '" + p + "' is not a code or a range");
            }
            if (from < 100 || to > 599 || from > to) {
                throw new IllegalArgumentException("status codes must be between 100 and 599 with the lower first, but was '" + p + "'");
            }
            ranges.add(new int[] {from, to});
        }
        return new StatusRanges(List.copyOf(ranges), text.trim());
    }

    /** True when the status code is one of the codes or inside one of the ranges. */
    public boolean contains(int status) {
        for (int[] r : ranges) {
            if (status >= r[0] && status <= r[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusRanges other && other.text.replace(" ", "").equals(text.replace(" ", ""));
    }

    @Override
    public int hashCode() {
        return text.replace(" ", "").hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
