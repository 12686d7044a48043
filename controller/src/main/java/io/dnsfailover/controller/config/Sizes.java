package io.dnsfailover.controller.config;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people write them in config: {@code 512KB}, {@code 64MB}, {@code 1GB}, or a number of bytes.
 * Units are binary (1 KB = 1024 bytes) and case-insensitive; {@code KiB}, {@code MiB}, {@code GiB} mean the same.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+) ?([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.of("", 1L, "B", 1L, "KB", 1L << 10, "KIB", 1L << 10,
            "MB", 1L << 20, "MIB", 1L << 20, "GB", 1L << 30, "GIB", 1L << 30);

    private Sizes() {}

    /**
     * @throws IllegalArgumentException with a sentence that says what to write
     */
    public static long parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = SIZE.matcher(t);
        Long unit = m.matches() ? UNITS.get(m.group(2).toUpperCase(Locale.ROOT)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("'" + t + "' is not a size; write a number with KB, MB or GB, like 512KB, "
                    + "64MB or 1GB, or a number of bytes");
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is too large to be a size; write a number with KB, MB or GB, "
                    + "like 64MB or 1GB");
        }
    }

    /** A way to write it back that {@link #parse} reads: the largest unit that divides it, e.g. {@code 64MB}, {@code 65537}. */
    public static String format(long bytes) {
        String[] units = {"GB", "MB", "KB"};
        for (int i = 0; i < units.length; i++) {
            long size = 1L << (10 * (3 - i));
            if (bytes != 0 && bytes % size == 0) {
                return bytes / size + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
