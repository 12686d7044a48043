package io.dnsfailover.controller.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1m30s}. */
public final class Durations {

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /**
     * @throws IllegalArgumentException with a sentence that says what to write
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        if (DIGITS.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + t + "' has no unit; write " + t + "s (units: ms, s, m, h)");
        }
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + t + "' is not a duration; write a number and a unit, "
                    + "like 500ms, 10s, 5m or 1h");
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(t);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
            d.toMillis(); // what every caller does with it
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + t + "' is too long a duration; write a number and a unit, "
                    + "like 10s, 5m or 1h");
        }
        return d;
    }

    /** A way to write it back that {@link #parse} reads: {@code 500ms}, {@code 2500ms}, {@code 10s}, {@code 5m}, {@code 1m30s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        if (ms % 1000 != 0 && ms < 60_000) {
            return ms + "ms";
        }
        StringBuilder b = new StringBuilder();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                b.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return b.toString();
    }
}
