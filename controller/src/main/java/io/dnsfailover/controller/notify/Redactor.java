package io.dnsfailover.controller.notify;

import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Takes known secret values out of text before it reaches an exception or a log. Mail and HTTP libraries
 * sometimes echo what they were given (a server repeating a bad AUTH line, a URL in a message), so a
 * notifier turns every failure into a message built here and drops the original exception.
 */
final class Redactor {

    static final String HIDDEN = "***";

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Blank values are ignored; longer values are replaced first so that one secret inside another still goes. */
    static Redactor of(Collection<String> secrets) {
        return new Redactor(secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> !s.isBlank())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList());
    }

    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, HIDDEN);
        }
        return out;
    }

    /**
     * The failure and its causes as one line, e.g. {@code SocketTimeoutException: timeout}, or
     * {@code MailConnectException: Couldn't connect; caused by ConnectException: Connection refused}, scrubbed.
     */
    String describe(Throwable failure) {
        StringBuilder b = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (b.length() > 0) {
                b.append("; caused by ");
            }
            b.append(t.getClass().getSimpleName());
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                b.append(": ").append(t.getMessage().strip());
            }
        }
        return scrub(b.toString()).replaceAll("[\\r\\n]+", " ");
    }
}
