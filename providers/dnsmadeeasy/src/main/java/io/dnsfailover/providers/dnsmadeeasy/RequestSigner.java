package io.dnsfailover.providers.dnsmadeeasy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DNS Made Easy's request authentication: {@code x-dnsme-apiKey}, {@code x-dnsme-requestDate} (the time as
 * an HTTP date in GMT) and {@code x-dnsme-hmac}, the lower-case hex HMAC-SHA1 of exactly that date string
 * keyed with the secret key's UTF-8 bytes. Only the date is signed, not the method, path or body, so the
 * server can only check that the date is recent: a clock more than about half a minute off is refused.
 * Thread safe; never shows either key.
 */
final class RequestSigner {

    /**
     * IMF-fixdate (RFC 7231, the RFC 1123 form with a two-digit day), always in English: with the
     * platform locale a German or Arabic host would send "Mo., 05 Jan." or non-Latin digits, and every
     * request would be refused.
     */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    static final String API_KEY = "x-dnsme-apiKey";
    static final String REQUEST_DATE = "x-dnsme-requestDate";
    static final String HMAC = "x-dnsme-hmac";

    /** The three header values of one request. */
    record Signature(String apiKey, String date, String hmac) {
        @Override
        public String toString() {
            return "Signature[date=" + date + "]";
        }
    }

    private final String apiKey;
    private final SecretKeySpec secret;
    private final Clock clock;

    RequestSigner(String apiKey, String secretKey, Clock clock) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.secret = new SecretKeySpec(Objects.requireNonNull(secretKey, "secretKey").getBytes(StandardCharsets.UTF_8), "HmacSHA1");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Signs the current time of the clock. */
    Signature sign() {
        String date = HTTP_DATE.format(clock.instant());
        return new Signature(apiKey, date, hmac(date));
    }

    Instant now() {
        return clock.instant();
    }

    /** The exact strings the adapter would put in a message instead of a secret, should one ever contain it. */
    String redact(String text) {
        String secretText = new String(secret.getEncoded(), StandardCharsets.UTF_8);
        String out = text;
        if (!secretText.isEmpty()) {
            out = out.replace(secretText, "<secretKey>");
        }
        return apiKey.isEmpty() ? out : out.replace(apiKey, "<apiKey>");
    }

    private String hmac(String date) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1"); // a Mac is stateful: one per call keeps this thread safe
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(date.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot compute HMAC-SHA1", e);
        }
    }

    @Override
    public String toString() {
        return "RequestSigner[keys hidden]";
    }
}
