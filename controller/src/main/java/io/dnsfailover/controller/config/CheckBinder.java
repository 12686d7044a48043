package io.dnsfailover.controller.config;

import io.dnsfailover.controller.config.GroupConfig.RecordConfig;
import io.dnsfailover.health.BodyMatcher;
import io.dnsfailover.health.CheckSpec;
import io.dnsfailover.health.DnsCheckSpec;
import io.dnsfailover.health.HttpCheckSpec;
import io.dnsfailover.health.StatusRanges;
import io.dnsfailover.health.TcpCheckSpec;
import io.dnsfailover.health.Thresholds;
import io.dnsfailover.providers.DnsNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Binds and validates a group's {@code check:}. */
final class CheckBinder {

    static final String[] COMMON = {"type", "port", "interval", "fastInterval", "timeout", "fall", "rise"};
    static final List<String> HTTP_ONLY = List.of("path", "method", "host", "headers", "expectStatus", "expectBody",
            "maxLatency", "tlsVerify", "followRedirects");
    static final List<String> DNS_ONLY = List.of("query", "queryType", "expectRcode", "expectAnswer");
    /** Every key a check may have; which of them apply depends on its type. */
    static final String[] ALL_KEYS = java.util.stream.Stream.of(List.of(COMMON), HTTP_ONLY, DNS_ONLY)
            .flatMap(List::stream).toArray(String[]::new);
    static final Set<String> RCODES = Set.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
            "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE");
    static final Set<String> QUERY_TYPES = Set.of("A", "AAAA", "CNAME", "NS", "SOA", "MX", "TXT", "SRV", "PTR", "CAA",
            "DS", "DNSKEY", "HTTPS", "SVCB");
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    static final Duration MIN_FAST_INTERVAL = Duration.ofMillis(100);
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final Problems problems;

    CheckBinder(Problems problems) {
        this.problems = problems;
    }

    /** The group's check, or {@code null} after a problem. {@code record} may be null (already reported). */
    CheckConfig check(Fields group, RecordConfig record) {
        if (!group.has("check")) {
            group.missing("check", "{ type: https, path: /healthz, expectStatus: 200-399, interval: 10s, timeout: 3s, fall: 3, rise: 2 }");
            return null;
        }
        Fields f = Fields.of(group.node("check"), group.path("check"), problems, "a check", ALL_KEYS);
        if (f == null) {
            return null;
        }
        String type = f.required("type", "https (or http, tcp, dns)");
        if (type == null) {
            return null;
        }
        type = f.choice("type", null, "tcp", "http", "https", "dns");
        if (type == null) {
            return null;
        }
        boolean http = type.startsWith("http");
        for (String key : http ? DNS_ONLY : type.equals("dns") ? HTTP_ONLY : concat(HTTP_ONLY, DNS_ONLY)) {
            if (f.has(key)) {
                f.problem(key, key + " does not apply to a " + type + " check; remove it, or use type: "
                        + (HTTP_ONLY.contains(key) ? "http or https" : "dns"));
            }
        }
        if (f.has("tlsVerify") && type.equals("http")) {
            f.problem("tlsVerify", "tlsVerify applies only to https checks; remove it, or use type: https");
        }
        int defaultPort = switch (type) {
            case "http" -> 80;
            case "https" -> 443;
            case "dns" -> 53;
            default -> 0;
        };
        if (defaultPort == 0 && !f.has("port")) {
            f.missing("port", "the TCP port to connect to, e.g. 443");
        }
        int port = f.integer("port", defaultPort, 1, 65535, "write the port the service listens on, e.g. 443");

        Duration interval = f.duration("interval", DEFAULT_INTERVAL);
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            f.problem("interval", "must be between 1s and 1h, but was " + Durations.format(interval) + "; 10s is a good start");
            interval = DEFAULT_INTERVAL;
        }
        Duration halfInterval = interval.dividedBy(2);
        Duration timeout = f.duration("timeout", DEFAULT_TIMEOUT.compareTo(halfInterval) < 0 ? DEFAULT_TIMEOUT : halfInterval);
        boolean timing = true;
        if (timeout.isZero()) {
            f.problem("timeout", "must be greater than 0; write e.g. timeout: 3s");
            timing = false;
        } else if (timeout.compareTo(interval) >= 0) {
            f.problem("timeout", "timeout " + Durations.format(timeout) + " must be shorter than interval " + Durations.format(interval)
                    + ", so that probes of one target never overlap; write timeout: " + Durations.format(halfInterval) + " or less");
            timing = false;
        }
        Duration fastInterval = fastInterval(f, interval);
        int fall = f.integer("fall", 3, 1, 100, "fall is how many failures in a row make a target DOWN; write fall: 3");
        int rise = f.integer("rise", 2, 1, 100, "rise is how many passes in a row make a target UP; write rise: 2");

        String hostName = null;
        CheckSpec spec = null;
        if (http) {
            hostName = f.string("host");
            if (hostName != null && !DnsNames.isHostName(hostName)) {
                f.problem("host", "'" + f.written("host") + "' is not a host name; write the name the server answers for, "
                        + "e.g. atlanta1.hosting.com");
                hostName = null;
            } else if (hostName == null && record != null) {
                hostName = record.name();
            }
            spec = httpSpec(f, type.equals("https"), port, timeout, timing);
            hostName = hostName == null ? null : DnsNames.normalise(hostName);
        } else if (type.equals("dns")) {
            spec = dnsSpec(f, port, timeout, timing);
        } else if (timing) {
            spec = new TcpCheckSpec(port, timeout);
        }
        return spec == null ? null : new CheckConfig(type, interval, fastInterval, new Thresholds(fall, rise), spec, hostName);
    }

    /** A quarter of the interval unless written; from 100 ms up to the interval itself (which turns fast probing off). */
    private static Duration fastInterval(Fields f, Duration interval) {
        Duration quarter = interval.dividedBy(4);
        Duration fallback = quarter.compareTo(MIN_FAST_INTERVAL) < 0 ? MIN_FAST_INTERVAL : quarter;
        Duration fast = f.duration("fastInterval", fallback);
        if (fast.compareTo(MIN_FAST_INTERVAL) < 0 || fast.compareTo(interval) > 0) {
            f.problem("fastInterval", "must be between " + Durations.format(MIN_FAST_INTERVAL) + " and the interval ("
                    + Durations.format(interval) + "), but was " + Durations.format(fast) + "; a quarter of the interval ("
                    + Durations.format(fallback) + ") is the default");
            return fallback;
        }
        return fast;
    }

    private HttpCheckSpec httpSpec(Fields f, boolean tls, int port, Duration timeout, boolean timing) {
        boolean ok = timing;
        String path = f.string("path");
        if (path == null) {
            path = "/";
        } else if (!path.startsWith("/")) {
            f.problem("path", "'" + f.written("path") + "' must start with /; write e.g. path: /healthz");
            ok = false;
        }
        String method = f.choice("method", "GET", "GET", "HEAD");
        StatusRanges status = StatusRanges.DEFAULT;
        if (f.has("expectStatus")) {
            try {
                status = StatusRanges.parse(f.string("expectStatus"));
            } catch (IllegalArgumentException e) {
                f.problem("expectStatus", e.getMessage());
                ok = false;
            }
        }
        BodyMatcher body = null;
        if (f.has("expectBody")) {
            try {
                body = BodyMatcher.parse(f.string("expectBody"));
            } catch (IllegalArgumentException e) {
                f.problem("expectBody", e.getMessage());
                ok = false;
            }
            if (body != null && "HEAD".equals(method)) {
                f.problem("expectBody", "a HEAD request gets no body to look in; use method: GET, or remove expectBody");
                ok = false;
            }
        }
        Duration maxLatency = f.has("maxLatency") ? f.duration("maxLatency", null) : null;
        if (maxLatency != null && timing && (maxLatency.isZero() || maxLatency.compareTo(timeout) >= 0)) {
            f.problem("maxLatency", "maxLatency " + Durations.format(maxLatency) + " must be above 0 and shorter than timeout "
                    + Durations.format(timeout) + " (a slower answer already times out)");
            ok = false;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, Node.Scalar> h : f.headers("headers").entrySet()) {
            if (h.getKey().equalsIgnoreCase("Host")) {
                problems.at(h.getValue(), f.path("headers") + "." + h.getKey(), "set the Host header with host:, "
                        + "which also sets TLS SNI and the name the certificate is checked against");
                ok = false;
            } else {
                headers.put(h.getKey(), h.getValue().text());
            }
        }
        boolean tlsVerify = f.bool("tlsVerify", true);
        boolean followRedirects = f.bool("followRedirects", false);
        return ok && method != null
                ? new HttpCheckSpec(tls, port, path, method, headers, status, body, maxLatency, tlsVerify, followRedirects, timeout)
                : null;
    }

    private DnsCheckSpec dnsSpec(Fields f, int port, Duration timeout, boolean timing) {
        String query = f.required("query", "the name to ask the target for, e.g. hosting.com");
        if (query != null && !DnsNames.isHostName(query)) {
            f.problem("query", "'" + f.written("query") + "' is not a DNS name; write e.g. query: hosting.com");
            query = null;
        }
        String queryType = upper(f.string("queryType"), "A");
        if (!QUERY_TYPES.contains(queryType)) {
            f.problem("queryType", "'" + f.written("queryType") + "' is not a query type dnsfailover sends; write one of "
                    + String.join(", ", QUERY_TYPES.stream().sorted().toList()));
            queryType = null;
        }
        String rcode = upper(f.string("expectRcode"), "NOERROR");
        if (!RCODES.contains(rcode)) {
            f.problem("expectRcode", "'" + f.written("expectRcode") + "' is not a DNS response code; write e.g. NOERROR or NXDOMAIN");
            rcode = null;
        }
        String answer = f.string("expectAnswer");
        return timing && query != null && queryType != null && rcode != null
                ? new DnsCheckSpec(port, DnsNames.normalise(query), queryType, rcode, answer == null ? null : answer.trim(), timeout)
                : null;
    }

    private static String upper(String s, String dflt) {
        return s == null ? dflt : s.trim().toUpperCase(Locale.ROOT);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
