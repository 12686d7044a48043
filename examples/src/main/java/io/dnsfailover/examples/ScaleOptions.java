package io.dnsfailover.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale benchmark's command line: {@code --targets 1000,10000 --hanging 0,20 --warmup 60s --window 120s
 * --interval 10s} (these are the defaults). Every combination of a target count and a hanging share is one run.
 */
record ScaleOptions(List<Integer> targets, List<Integer> hangingPercents, Duration warmup, Duration window, Duration interval) {

    static final String USAGE = "options: --targets N,N,... (default 1000,10000)  --hanging PERCENT,... (default 0,20)"
            + "  --warmup DURATION (60s)  --window DURATION (120s)  --interval DURATION (10s); durations like 500ms, 90s, 2m";

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    ScaleOptions {
        if (window.compareTo(interval) < 0) {
            throw new IllegalArgumentException("the window must be at least one interval (" + interval.toMillis()
                    + " ms), but was " + window.toMillis() + " ms");
        }
        if (interval.toMillis() < 1000) {
            throw new IllegalArgumentException("the interval must be at least 1s (the daemon's minimum), but was " + interval.toMillis() + " ms");
        }
    }

    /** @throws IllegalArgumentException with a sentence naming the option that is wrong */
    static ScaleOptions parse(String... args) {
        List<Integer> targets = List.of(1000, 10000);
        List<Integer> hanging = List.of(0, 20);
        Duration warmup = Duration.ofSeconds(60);
        Duration window = Duration.ofSeconds(120);
        Duration interval = Duration.ofSeconds(10);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--targets" -> targets = numbers(name, value);
                case "--hanging" -> hanging = numbers(name, value);
                case "--warmup" -> warmup = duration(name, value);
                case "--window" -> window = duration(name, value);
                case "--interval" -> interval = duration(name, value);
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        return new ScaleOptions(targets, hanging, warmup, window, interval);
    }

    /** Every run's layout: each target count with each hanging share, in the order given. */
    List<ScaleLayout> layouts() {
        List<ScaleLayout> layouts = new ArrayList<>();
        for (int n : targets) {
            for (int percent : hangingPercents) {
                layouts.add(new ScaleLayout(n, percent));
            }
        }
        return layouts;
    }

    /** The probe timeout: the 2 s of DESIGN §10's setup, or half a shorter interval (the daemon's limit). */
    Duration timeout() {
        Duration half = interval.dividedBy(2);
        return half.compareTo(Duration.ofSeconds(2)) < 0 ? half : Duration.ofSeconds(2);
    }

    private static List<Integer> numbers(String name, String value) {
        try {
            return Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes numbers separated by commas, like 1000,10000, but was '" + value + "'");
        }
    }

    private static Duration duration(String name, String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " takes a number and a unit (ms, s, m), like 60s, but was '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
