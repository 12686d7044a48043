package io.dnsfailover.providers.constellix;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Constellix security token: {@code apiKey:base64(HMAC-SHA1(secretKey, millis)):millis}, where millis
 * is the current epoch time in milliseconds as a decimal string, sent as {@code Authorization: Bearer
 * <token>} (API v4). A token is made for each request, because it carries the time it was made. The clock
 * is injected so tests can recompute the exact header. {@link #toString()} shows neither key.
 */
final class ConstellixAuth {

    private final String apiKey;
    private final String secretKey;
    private final Clock clock;

    ConstellixAuth(String apiKey, String secretKey, Clock clock) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The value of the {@code Authorization} header for a request sent now. */
    String header() {
        return "Bearer " + token(apiKey, secretKey, clock.millis());
    }

    /** The token for {@code millis}: standard Base64 (not hex) of the raw HMAC-SHA1 over the decimal digits. */
    static String token(String apiKey, String secretKey, long millis) {
        String timestamp = Long.toString(millis);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] hmac = mac.doFinal(timestamp.getBytes(StandardCharsets.US_ASCII));
            return apiKey + ":" + Base64.getEncoder().encodeToString(hmac) + ":" + timestamp;
        } catch (GeneralSecurityException e) {
            // HmacSHA1 is required of every Java platform, so this is a broken JDK, not bad input
            throw new IllegalStateException("HmacSHA1 is not available in this JDK", e);
        }
    }

    /** Replaces both keys wherever they occur, so that nothing built from a server answer can leak them. */
    String redact(String text) {
        String out = text;
        if (!secretKey.isEmpty()) {
            out = out.replace(secretKey, "<secretKey>");
        }
        if (!apiKey.isEmpty()) {
            out = out.replace(apiKey, "<apiKey>");
        }
        return out;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "ConstellixAuth[apiKey=<hidden>, secretKey=<hidden>]";
    }
}
