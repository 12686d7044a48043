package io.dnsfailover.health;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whose fault a failed probe is, and words it.
 *
 * <p>The line that matters: a failure the target caused (it refused, timed out, reset, sent a bad
 * certificate) is DOWN; a failure that says nothing about the target because the checker itself could
 * not reach the network (no route from here, no local address, out of file descriptors, shutting down)
 * is UNKNOWN, so that a sick checker never moves traffic. Errno conditions are recognised by the
 * messages the JDK gives them, because the JDK maps most of them onto plain {@code SocketException}.
 */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);
    private static final Pattern SUBJECT_ALT_NAMES = Pattern.compile("subjectAltNames: \\[([^\\]]*)\\]");

    private Failures() {}

    /**
     * What the probe was doing when it failed, to word the reason.
     *
     * @param endpoint {@code ip:port} probed
     * @param tlsName the name the certificate was checked against, or {@code null} without TLS
     * @param timeout the probe's limit
     * @param waitingFor what had not happened yet when a timeout struck, e.g. {@code no connection}
     */
    record Where(String endpoint, String tlsName, Duration timeout, String waitingFor) {}

    /** A verdict on a failure: DOWN or UNKNOWN, and the one-line reason. */
    record Failure(Health state, String reason) {

        CheckResult toResult(Instant startedAt, Duration latency) {
            return state == Health.UNKNOWN ? CheckResult.unknown(startedAt, reason) : CheckResult.down(startedAt, latency, reason);
        }
    }

    static Failure classify(Throwable error, Where where) {
        List<Throwable> chain = chain(error);
        String ep = where.endpoint();

        // A source address the probe could not leave from: the most precise sentence about the checker's side.
        for (Throwable t : chain) {
            if (t instanceof SourceAddress.Unusable) {
                return unknown(t.getMessage());
            }
        }
        // Checker side first: these can arrive wrapped in anything, and must never count against a target.
        for (Throwable t : chain) {
            String m = message(t);
            if (t instanceof RejectedExecutionException) {
                return unknown("the checker is shutting down or overloaded; the probe of " + ep + " did not run");
            }
            if (t instanceof UnknownHostException) {
                return unknown("could not resolve " + nameIn(t, where) + " from the checker");
            }
            if (has(m, "network is unreachable")) {
                return unknown("network is unreachable from the checker (" + ep + ")");
            }
            if (has(m, "cannot assign requested address")) {
                return unknown("the checker cannot assign a local address to reach " + ep);
            }
            if (has(m, "address family not supported") || has(m, "protocol family unavailable")) {
                return unknown("the checker's network has no route for this address family (" + ep + ")");
            }
            if (has(m, "permission denied") || has(m, "operation not permitted")) {
                return unknown("connecting to " + ep + " is not permitted on the checker (local firewall or policy)");
            }
            if (has(m, "no available source port found")) {
                // dnsjava's word for failing to bind its UDP socket, whatever the errno.
                return unknown("the checker found no local UDP port to send from to reach " + ep);
            }
            if (has(m, "too many open files")) {
                return unknown("the checker ran out of file descriptors (too many open files)");
            }
        }
        // Before interruption: OkHttp reports its call timeout as "timeout" wrapping the cancellation it caused.
        for (Throwable t : chain) {
            if (t instanceof SocketTimeoutException
                    || t instanceof TimeoutException
                    || (t instanceof InterruptedIOException && !"interrupted".equals(t.getMessage()))
                    || message(t).startsWith("timed out while trying to resolve")) {
                return down("timeout after " + where.timeout().toMillis() + " ms (" + where.waitingFor() + ")");
            }
        }
        for (Throwable t : chain) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException || t instanceof InterruptedIOException) {
                return unknown("the probe of " + ep + " was interrupted on the checker");
            }
            if (t instanceof IOException && "Canceled".equals(t.getMessage())) {
                return unknown("the probe of " + ep + " was canceled: the checker is closing");
            }
        }
        Failure tls = tls(chain, where);
        if (tls != null) {
            return tls;
        }
        for (Throwable t : chain) {
            String m = message(t);
            if (has(m, "connection refused")) {
                return down("connection refused (" + ep + ")");
            }
            if (has(m, "no route to host")) {
                return down("no route to host (" + ep + ")");
            }
            if (has(m, "host is down")) {
                return down("host is down (" + ep + ")");
            }
            if (has(m, "connection reset") || has(m, "broken pipe")) {
                return down("connection reset by " + ep);
            }
            if (t instanceof EOFException || has(m, "unexpected end of stream")) {
                return down("connection closed by " + ep + " before a complete response");
            }
        }
        if (error instanceof IOException) {
            return down("I/O error with " + ep + ": " + describe(error));
        }
        // Anything else is a defect on our side; it must not be taken as evidence against the target.
        log.warn("probe of {} failed inside the checker", ep, error);
        return unknown("the check failed inside the checker: " + describe(error));
    }

    private static Failure tls(List<Throwable> chain, Where where) {
        for (Throwable t : chain) {
            if (t instanceof SSLPeerUnverifiedException && has(message(t), "not verified")) {
                Matcher names = SUBJECT_ALT_NAMES.matcher(t.getMessage());
                String issuedFor = names.find() && !names.group(1).isBlank() ? " (it is for " + names.group(1) + ")" : "";
                return down("TLS: certificate does not match " + where.tlsName() + issuedFor);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof CertificateExpiredException) {
                return down("TLS: certificate expired (" + describe(t) + ")");
            }
            if (t instanceof CertificateNotYetValidException) {
                return down("TLS: certificate not yet valid (" + describe(t) + ")");
            }
        }
        for (Throwable t : chain) {
            if (t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException
                    || has(message(t), "unable to find valid certification path")) {
                return down("TLS: certificate not trusted (" + describe(last(chain)) + ")");
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SSLException) {
                return down("TLS: handshake with " + where.endpoint() + " failed (" + describe(t) + ")");
            }
        }
        return null;
    }

    private static String nameIn(Throwable t, Where where) {
        String m = t.getMessage();
        // The JDK's message is the name, sometimes followed by ": Name or service not known".
        if (m != null && !m.isBlank()) {
            int colon = m.indexOf(": ");
            return colon > 0 ? m.substring(0, colon) : m;
        }
        return where.endpoint();
    }

    /** The throwable, its causes and suppressed exceptions, outermost first, each once. */
    static List<Throwable> chain(Throwable error) {
        List<Throwable> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(error, out, seen);
        return out;
    }

    private static void collect(Throwable t, List<Throwable> out, Set<Throwable> seen) {
        while (t != null && seen.add(t)) {
            out.add(t);
            for (Throwable s : t.getSuppressed()) {
                collect(s, out, seen);
            }
            t = t.getCause();
        }
    }

    private static Throwable last(List<Throwable> chain) {
        return chain.get(chain.size() - 1);
    }

    /** One line: the message, or the type when there is none. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
    }

    private static boolean has(String lowerCaseMessage, String lowerCaseNeedle) {
        return lowerCaseMessage.contains(lowerCaseNeedle);
    }

    private static Failure down(String reason) {
        return new Failure(Health.DOWN, reason);
    }

    private static Failure unknown(String reason) {
        return new Failure(Health.UNKNOWN, reason);
    }
}
