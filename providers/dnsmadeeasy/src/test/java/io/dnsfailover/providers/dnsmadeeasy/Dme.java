package io.dnsfailover.providers.dnsmadeeasy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared values and helpers of the adapter's HTTP tests: keys, a settable clock, JSON like DNS Made Easy's. */
final class Dme {

    static final String API_KEY = "1c1a3c91-4770-4ce7-96f4-54c0eb0e457a";
    static final String SECRET = "c9b5625f-9834-4ff8-baba-4ed5f32cae55";
    static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");
    static final String DATE = "Mon, 05 Jan 2026 12:00:00 GMT";
    /** {@code printf '%s' "$DATE" | openssl dgst -sha1 -hmac "$SECRET"}, computed outside Java. */
    static final String HMAC = "e3204279728b64c77fc6fbb6fe5ecc4c1d13a140";
    static final long DOMAIN_ID = 123123;
    static final String DOMAIN_PATH = "/V2.0/dns/managed/name";
    static final String RECORDS_PATH = "/V2.0/dns/managed/" + DOMAIN_ID + "/records";

    private Dme() {}

    /** A clock tests move by hand. */
    static final class TestClock extends Clock {
        private Instant now = NOW;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static DnsMadeEasyProvider provider(String endpoint, Clock clock, Duration timeout) {
        return DnsMadeEasyProviderFactory.create(new ProviderSettings("dme1",
                Map.of("apiKey", API_KEY, "secretKey", SECRET, "endpoint", endpoint)), timeout, clock);
    }

    /** hex(HMAC-SHA1(secret, text)), computed here independently of the adapter. */
    static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String domain(String name) {
        return "{\"created\":1511740800000,\"folderId\":1990,\"gtdEnabled\":false,\"pendingActionId\":0,"
                + "\"updated\":1511766661574,\"processMulti\":false,\"activeThirdParties\":[],\"name\":\"" + name + "\","
                + "\"id\":" + DOMAIN_ID + ",\"nameServers\":[{\"ipv6\":\"2001:db8::53\",\"ipv4\":\"192.0.2.53\","
                + "\"fqdn\":\"ns0.dnsmadeeasy.com\"}]}";
    }

    /** One record as DNS Made Easy lists it. */
    static String record(long id, String name, String type, String value, int ttl) {
        return "{\"failover\":false,\"monitor\":false,\"sourceId\":" + DOMAIN_ID + ",\"dynamicDns\":false,\"failed\":false,"
                + "\"gtdLocation\":\"DEFAULT\",\"hardLink\":false,\"ttl\":" + ttl + ",\"source\":1,\"name\":\"" + name + "\","
                + "\"value\":\"" + value + "\",\"id\":" + id + ",\"type\":\"" + type + "\"}";
    }

    /**
     * The body of a PUT of one record, as every recorded real PUT has it: id, name, type, value and TTL (lexicon's
     * cassette, see {@code recorded/SOURCES.md}), plus the record's gtdLocation as other clients send it.
     */
    static String put(long id, String name, String type, String value, int ttl) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"value\":\"" + value + "\",\"ttl\":"
                + ttl + ",\"gtdLocation\":\"DEFAULT\"}";
    }

    static String page(int page, int totalPages, int totalRecords, String... records) {
        return "{\"totalPages\":" + totalPages + ",\"totalRecords\":" + totalRecords + ",\"data\":["
                + String.join(",", records) + "],\"page\":" + page + "}";
    }

    static String records(String... records) {
        return page(0, 1, records.length, records);
    }

    /** The failure of {@code call}, checked to name the provider and to hold no key. */
    static ProviderException failure(ThrowingCallable call) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        assertThat(e).as("a ProviderException").isNotNull();
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("no key in any message").doesNotContain(API_KEY, SECRET);
        }
        assertThat(e.getMessage()).startsWith("provider 'dme1': ");
        return e;
    }
}
