package io.dnsfailover.controller.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Binds the settings of the whole install: {@code state:}, {@code owner:} and {@code alarms:}. */
final class InstallBinder {

    static final int MAX_OWNER = Config.MAX_OWNER;
    static final long MIN_JOURNAL_SIZE = 64L * 1024;
    static final Duration MIN_REMIND_EVERY = Duration.ofMinutes(1);
    static final Duration MAX_PROVIDER_FAILING_AFTER = Duration.ofHours(1);

    private final Fields top;
    private final Problems problems;

    InstallBinder(Fields top, Problems problems) {
        this.top = top;
        this.problems = problems;
    }

    /** {@code state:}; relative {@code dir} is resolved against {@code baseDir}, default {@code baseDir/state}. */
    Config.StateConfig state(Path baseDir) {
        Path dir = baseDir.resolve("state");
        long maxSize = Config.StateConfig.DEFAULT_JOURNAL_MAX_SIZE;
        int keep = Config.StateConfig.DEFAULT_JOURNAL_KEEP;
        Fields state = top.has("state") ? Fields.of(top.node("state"), "state", problems, "the state settings", "dir", "journal") : null;
        if (state != null) {
            String written = state.string("dir");
            if (written != null && !written.isBlank()) {
                dir = baseDir.resolve(written.trim());
            }
            Fields journal = state.has("journal")
                    ? Fields.of(state.node("journal"), state.path("journal"), problems, "the journal settings", "maxSize", "keep")
                    : null;
            if (journal != null) {
                maxSize = size(journal, "maxSize", maxSize);
                keep = journal.integer("keep", keep, 1, 1000, "keep is how many rotated journal files are kept; write keep: "
                        + Config.StateConfig.DEFAULT_JOURNAL_KEEP);
            }
        }
        return new Config.StateConfig(dir.normalize(), maxSize, keep);
    }

    private static long size(Fields journal, String key, long dflt) {
        String text = journal.string(key);
        if (text == null) {
            return dflt;
        }
        long size;
        try {
            size = Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            journal.problem(key, e.getMessage());
            return dflt;
        }
        if (size < MIN_JOURNAL_SIZE) {
            journal.problem(key, "must be at least " + Sizes.format(MIN_JOURNAL_SIZE) + ", but was " + Sizes.format(size)
                    + "; the journal is rotated each time it reaches maxSize: write maxSize: " + Sizes.format(dflt));
            return dflt;
        }
        return size;
    }

    /** {@code owner:}, else the default (asked only then). */
    String owner(Supplier<String> dflt) {
        if (!top.has("owner")) {
            return dflt.get();
        }
        String owner = top.string("owner");
        if (owner == null) {
            return null; // not a single value, or an unresolved reference: reported
        }
        String written = top.written("owner");
        String bad = owner.codePoints().filter(c -> !allowedInOwner(c)).distinct()
                .mapToObj(c -> c == ' ' ? "space" : c == '\t' ? "tab" : "'" + Character.toString(c) + "'")
                .collect(Collectors.joining(", "));
        if (owner.isEmpty()) {
            top.problem("owner", "owner is empty; write a name for this install, e.g. owner: atlanta-ops, or remove owner: "
                    + "for the default (host name and state directory)");
        } else if (!bad.isEmpty()) {
            top.problem("owner", "'" + written + "' holds " + bad + ", which an ownership marker cannot; use only letters, "
                    + "digits and . _ : / @ -, e.g. owner: " + Config.sanitiseOwner(owner));
        } else if (owner.length() > MAX_OWNER) {
            top.problem("owner", "owner is " + owner.length() + " characters long; an ownership marker holds at most "
                    + MAX_OWNER + ": write a shorter name");
        } else {
            return owner;
        }
        return null;
    }

    private static boolean allowedInOwner(int c) {
        return c < 128 && (Character.isLetterOrDigit(c) || ".:_/@-".indexOf(c) >= 0);
    }

    /** {@code alarms:}. */
    Config.Alarms alarms() {
        Config.Alarms dflt = Config.Alarms.DEFAULT;
        if (!top.has("alarms")) {
            return dflt;
        }
        Fields f = Fields.of(top.node("alarms"), "alarms", problems, "the alarm settings", "remindEvery", "providerFailingAfter");
        if (f == null) {
            return dflt;
        }
        Duration remindEvery = f.duration("remindEvery", dflt.remindEvery());
        if (remindEvery.compareTo(MIN_REMIND_EVERY) < 0) {
            f.problem("remindEvery", "must be at least 1m, but was " + Durations.format(remindEvery) + "; a reminder repeats "
                    + "a condition that lasts: write remindEvery: " + Durations.format(dflt.remindEvery()));
            remindEvery = dflt.remindEvery();
        }
        Duration failingAfter = f.duration("providerFailingAfter", dflt.providerFailingAfter());
        if (failingAfter.compareTo(MAX_PROVIDER_FAILING_AFTER) > 0) {
            f.problem("providerFailingAfter", "must be between 0s and 1h, but was " + Durations.format(failingAfter)
                    + "; a provider failing that long has already missed failovers: write providerFailingAfter: "
                    + Durations.format(dflt.providerFailingAfter()));
            failingAfter = dflt.providerFailingAfter();
        }
        return new Config.Alarms(remindEvery, failingAfter);
    }
}
