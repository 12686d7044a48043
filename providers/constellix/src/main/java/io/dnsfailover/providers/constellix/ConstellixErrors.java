package io.dnsfailover.providers.constellix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Turns what went wrong with a Constellix call into one sentence that names Constellix and says what to
 * check, classified: AUTH (401, 403), NOT_FOUND (unknown zone), CONFLICT (the record vanished between
 * read and write), INVALID (400, 422: Constellix's own reason), RATE_LIMITED (429, or any refusal with
 * {@code X-RateLimit-Remaining: 0}, as Constellix's own SDKs read it) with {@code X-RateLimit-Reset} as the
 * retry hint, UNAVAILABLE (5xx, timeouts, unreachable, an answer that is not JSON). Every message passes
 * {@link ConstellixAuth#redact}, so no path can leak a key, even if a server echoed it.
 */
final class ConstellixErrors {

    private static final int EXCERPT = 200;
    /** An {@code X-RateLimit-Reset} this large is an epoch time, not seconds to wait. */
    private static final long EPOCH_SECONDS = 1_000_000_000L;

    private final String provider;
    private final String display;
    private final ConstellixAuth auth;
    private final ObjectMapper mapper;
    private final OkHttpClient http;

    ConstellixErrors(String provider, String display, ConstellixAuth auth, ObjectMapper mapper, OkHttpClient http) {
        this.provider = provider;
        this.display = display;
        this.auth = auth;
        this.mapper = mapper;
        this.http = http;
    }

    ProviderException classify(Response response, String body, ConstellixClient.Scope scope, String zone, String what) {
        int code = response.code();
        String reason = errorText(body);
        String remaining = response.header("X-RateLimit-Remaining");
        if (code == 429 || remaining != null && remaining.trim().equals("0")) {
            Duration wait = retryHint(response);
            return fail(Kind.RATE_LIMITED, where() + " is rate limiting this account (HTTP " + code + ": " + reason
                    + (wait == null ? "" : "; the limit resets in " + wait.toSeconds() + " s")
                    + "): the limit is shared by every tool that uses this account's API keys", wait, null);
        }
        if (code == 401) {
            return fail(Kind.AUTH, where() + " rejected the credentials (HTTP 401: " + reason + "): check apiKey and"
                    + " secretKey, and that this host's clock is right (the token is signed with the current time)", null, null);
        }
        if (code == 403) {
            return fail(Kind.AUTH, where() + " does not let these API keys " + what + " (HTTP 403: " + reason
                    + "): check that the keys' user may manage zone " + zone, null, null);
        }
        if (code == 404) {
            return switch (scope) {
                case SEARCH -> zoneNotFound(zone);
                case DOMAIN -> fail(Kind.NOT_FOUND, "zone " + zone + " is no longer at " + where() + " (HTTP 404 while trying to "
                        + what + "): check that the domain still exists in the Constellix account, or fix record.zone", null, null);
                case RECORD -> fail(Kind.CONFLICT, where() + " no longer has the record it was about to change (HTTP 404 while"
                        + " trying to " + what + "): someone deleted it after it was read; re-read before writing", null, null);
            };
        }
        if (code >= 500) {
            return fail(Kind.UNAVAILABLE, where() + " failed to " + what + " with HTTP " + code + " (" + reason
                    + "): a fault at Constellix or at a proxy in front of it; try again later", retryHint(response), null);
        }
        if (code >= 300 && code < 400) {
            return fail(Kind.INVALID, where() + " redirected the request (HTTP " + code + ") to " + excerpt(response.header("Location"))
                    + ": set endpoint to the API base URL itself, e.g. " + ConstellixProviderFactory.DEFAULT_ENDPOINT
                    + " (redirects are not followed, so the token goes nowhere else)", null, null);
        }
        return fail(Kind.INVALID, where() + " refused to " + what + " (HTTP " + code + "): " + reason, null, null);
    }

    ProviderException zoneNotFound(String zone) {
        return fail(Kind.NOT_FOUND, "zone " + zone + " does not exist in the Constellix account at " + display
                + " (or these API keys cannot see it): add the domain in Constellix, or fix record.zone", null, null);
    }

    ProviderException notJson(int code, String body) {
        return fail(Kind.UNAVAILABLE, where() + " answered HTTP " + code + " with a body that is not JSON (" + quote(body)
                + "): check that endpoint is the Constellix DNS API v4 base URL, e.g. " + ConstellixProviderFactory.DEFAULT_ENDPOINT
                + ", and not another service or a proxy's error page", null, null);
    }

    ProviderException unreachable(IOException e) {
        if (e instanceof ConnectException) {
            return fail(Kind.UNAVAILABLE, "could not connect to " + where() + " (" + e.getMessage()
                    + "): check endpoint and that this host can reach it", null, e);
        }
        if (e instanceof InterruptedIOException) {
            // SocketTimeoutException, and OkHttp's call timeout
            return fail(Kind.UNAVAILABLE, where() + " did not answer within " + timeout()
                    + ": Constellix or the network is slow; try again later", null, e);
        }
        if (e instanceof UnknownHostException) {
            return fail(Kind.UNAVAILABLE, "cannot resolve the host of " + where() + ": check endpoint and this host's DNS", null, e);
        }
        return fail(Kind.UNAVAILABLE, "the request to " + where() + " failed (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + "): check endpoint and the network", null, e);
    }

    /** Every exception goes through here. */
    ProviderException fail(Kind kind, String sentence, Duration retryAfter, Throwable cause) {
        return new ProviderException(kind, auth.redact("provider '" + provider + "': " + sentence), retryAfter, cause);
    }

    /** Constellix's own words: {@code message} and each field error, else the start of the body. */
    String errorText(String body) {
        List<String> parts = new ArrayList<>();
        try {
            ConstellixWire.Error error = mapper.readValue(body, ConstellixWire.Error.class);
            if (error != null && error.message() != null && !error.message().isBlank()) {
                parts.add(error.message().strip());
            }
            if (error != null && error.errors() != null) {
                fieldErrors(error.errors(), parts);
            }
        } catch (JsonProcessingException e) {
            // not JSON: quote the start of what came back instead
        }
        if (!parts.isEmpty()) {
            return excerpt(String.join("; ", parts));
        }
        return body.isBlank() ? "no details" : quote(body);
    }

    private static void fieldErrors(JsonNode errors, List<String> parts) {
        if (errors.isArray()) {
            errors.forEach(e -> parts.add(e.asText()));
            return;
        }
        for (Map.Entry<String, JsonNode> field : errors.properties()) {
            if (field.getValue().isArray()) {
                field.getValue().forEach(e -> parts.add(field.getKey() + ": " + e.asText()));
            } else {
                parts.add(field.getKey() + ": " + field.getValue().asText());
            }
        }
    }

    /** {@code X-RateLimit-Reset} (seconds to wait; an epoch time is converted), else {@code Retry-After}. */
    private Duration retryHint(Response response) {
        Long reset = number(response.header("X-RateLimit-Reset"));
        if (reset != null) {
            long seconds = reset > EPOCH_SECONDS ? reset - auth.clock().millis() / 1000 : reset;
            return Duration.ofSeconds(Math.max(0, seconds));
        }
        Long retryAfter = number(response.header("Retry-After"));
        return retryAfter == null ? null : Duration.ofSeconds(Math.max(0, retryAfter));
    }

    private static Long number(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null; // an HTTP date: rare enough to let the controller's backoff decide
        }
    }

    private String where() {
        return "Constellix at " + display;
    }

    private String timeout() {
        long millis = http.callTimeoutMillis() > 0 ? http.callTimeoutMillis() : http.readTimeoutMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static String quote(String body) {
        String text = body.strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "an empty body" : "\"" + excerpt(text) + "\"";
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "(nowhere)";
        }
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }
}
