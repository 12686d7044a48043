package io.dnsfailover.controller.notify;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The words of a notification, shared by email, logs and anything else that shows one to a person, so that
 * every channel says the same thing. Pure functions of the notification; thread safe.
 */
public final class NotificationText {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private NotificationText() {
    }

    /**
     * One line naming the group, the kind and the summary, e.g.
     * {@code atlanta1: failover — failed over from primary to backup1}. The summary's own leading
     * {@code "atlanta1: "} is not repeated. Never contains a line break.
     */
    public static String line(Notification n) {
        String summary = n.summary();
        String prefix = n.group() == null ? null : n.group() + ": ";
        if (prefix != null && summary.startsWith(prefix)) {
            summary = summary.substring(prefix.length());
        }
        String phase = switch (n.phase()) {
            case EVENT, STARTED -> "";
            case REMINDER -> " (still)";
            case RESOLVED -> " (resolved)";
        };
        String text = (prefix == null ? "" : prefix) + n.kind().written() + phase + " — " + summary;
        return oneLine(text);
    }

    /** The email subject: {@code [dnsfailover] } and {@link #line(Notification)}. */
    public static String subject(Notification n) {
        return "[dnsfailover] " + line(n);
    }

    /**
     * A plain-text body: the summary, a {@code Why:} list of evidence, a {@code Changed:} list of changes
     * ({@code nothing} when there were none), and the group, kind and time in UTC.
     */
    public static String body(Notification n) {
        StringBuilder b = new StringBuilder();
        b.append(n.summary()).append("\n\n");
        list(b, "Why:", n.evidence(), "no evidence recorded");
        list(b, "Changed:", n.changes(), "nothing");
        b.append('\n');
        if (n.group() != null) {
            b.append("Group: ").append(n.group()).append('\n');
        }
        b.append("Kind:  ").append(n.kind().written()).append(n.phase() == Notification.Phase.EVENT ? "" : " (" + n.phase().written() + ")")
                .append('\n');
        b.append("Time:  ").append(UTC.format(n.at())).append(" (").append(n.at()).append(")\n");
        b.append("\n-- \nsent by dnsfailover\n");
        return b.toString();
    }

    private static void list(StringBuilder b, String title, List<String> lines, String whenEmpty) {
        if (lines.isEmpty()) {
            b.append(title).append(' ').append(whenEmpty).append('\n');
            return;
        }
        b.append(title).append('\n');
        for (String line : lines) {
            // A multi-line entry stays one bullet: continuation lines are indented under it.
            b.append("  - ").append(line.strip().replace("\r\n", "\n").replace("\n", "\n    ")).append('\n');
        }
    }

    /** Line breaks become spaces: a subject or a log line that breaks can hide or forge what follows. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ").strip();
    }
}
