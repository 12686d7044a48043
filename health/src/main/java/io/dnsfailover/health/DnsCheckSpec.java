package io.dnsfailover.health;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Sends one DNS query to the target as a DNS server (UDP, retried over TCP when truncated).
 *
 * @param query the name asked for
 * @param queryType the record type asked for, e.g. {@code A}, {@code SOA}
 * @param expectRcode the response code that passes, e.g. {@code NOERROR}
 * @param expectAnswer a value that must be among the answer's records (as presentation text, e.g.
 *     {@code 192.0.2.1}), or {@code null} for any answer
 */
public record DnsCheckSpec(int port, String query, String queryType, String expectRcode, String expectAnswer, Duration timeout)
        implements CheckSpec {

    public DnsCheckSpec {
        CheckSpec.requirePort(port);
        CheckSpec.requireTimeout(timeout);
        Objects.requireNonNull(query, "query");
        queryType = queryType == null ? "A" : queryType.toUpperCase(Locale.ROOT);
        expectRcode = expectRcode == null ? "NOERROR" : expectRcode.toUpperCase(Locale.ROOT);
    }
}
