package io.dnsfailover.providers.dnsmadeeasy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import okhttp3.Headers;

/**
 * Turns every way a DNS Made Easy call can fail into one classified {@link ProviderException} whose
 * message names DNS Made Easy and says what to check. Every message passes through one method that
 * replaces the keys, so none can leak even if a server echoed one.
 */
final class DnsMadeEasyFailures {

    /** DNS Made Easy refused dates 38 s and 48 s off in reports; other clients treat 30 s as the limit. */
    static final Duration SKEW_TOLERANCE = Duration.ofSeconds(30);

    static final String LIMIT = "x-dnsme-requestLimit";
    static final String REMAINING = "x-dnsme-requestsRemaining";

    private static final int EXCERPT = 200;

    private final String provider;
    private final String display;
    private final RequestSigner signer;
    private final RateBudget budget;
    private final ObjectMapper mapper;

    DnsMadeEasyFailures(String provider, String display, RequestSigner signer, RateBudget budget, ObjectMapper mapper) {
        this.provider = provider;
        this.display = display;
        this.signer = signer;
        this.budget = budget;
        this.mapper = mapper;
    }

    /**
     * True for DNS Made Easy's rate-limit refusal: HTTP 400 {@code {"error": ["Rate limit exceeded"]}} (it
     * never answers 429), and, as its own Go client treats it, a 400 or 404 with no requests remaining.
     */
    boolean rateLimited(int code, String body, Headers headers) {
        if ((code == 400 || code == 404) && "0".equals(trim(headers.get(REMAINING)))) {
            return true;
        }
        return code >= 400 && code < 500 && String.join(" ", messages(body)).toLowerCase(Locale.ROOT).contains("rate limit exceeded");
    }

    /**
     * The exception for a non-2xx answer.
     *
     * @param sentDate the {@code x-dnsme-requestDate} of the request, to show beside the server's Date
     * @param notFound what a 404 means for this call (an unknown zone, a record deleted meanwhile)
     */
    ProviderException classify(int code, String body, Headers headers, String sentDate, String what,
            Supplier<ProviderException> notFound) {
        String said = said(code, body);
        if (said.toLowerCase(Locale.ROOT).contains("out of sync") || (code == 401 || code == 403) && skewed(sentDate, headers)) {
            return fail(Kind.AUTH, where() + " refused the request date as too far from its own clock (" + said + "): we sent '"
                    + sentDate + "', its Date header says '" + (headers.get("Date") == null ? "(none)" : headers.get("Date"))
                    + "'; set this machine's clock right (run NTP): DNS Made Easy refuses dates about 30 s off", null);
        }
        if (rateLimited(code, body, headers)) {
            Duration hint = budget.untilASlotFrees();
            return fail(Kind.RATE_LIMITED, where() + " refused to " + what + " for the account's rate limit (" + said
                    + remaining(headers) + "): the limit is per 5-minute window and shared by every tool using this account;"
                    + " retry in " + human(hint) + ", and look for other tools on the account if it keeps happening", hint);
        }
        if (code == 429) {
            Duration hint = seconds(headers.get("Retry-After"));
            return fail(Kind.RATE_LIMITED, where() + " (or a proxy in front of it) is rate limiting requests (" + said + ")",
                    hint != null ? hint : budget.untilASlotFrees());
        }
        if (code == 401 || code == 403) {
            return fail(Kind.AUTH, where() + " refused the API credentials (" + said + "): check apiKey and secretKey"
                    + " (Account Information in the DNS Made Easy control panel), and sandbox: the sandbox is a separate"
                    + " account with its own keys", null);
        }
        if (code == 404 && notFound != null) {
            return notFound.get();
        }
        if (code >= 300 && code < 400) {
            return fail(Kind.INVALID, where() + " redirected the request (HTTP " + code + ") to " + excerpt(headers.get("Location"))
                    + ": set endpoint to the API URL itself, e.g. " + DnsMadeEasyProviderFactory.PRODUCTION
                    + " (redirects are not followed, so the keys go nowhere else)", null);
        }
        if (code >= 500) {
            return fail(Kind.UNAVAILABLE, where() + " failed to " + what + " (" + said + "): a fault on DNS Made Easy's side"
                    + " or of a proxy in front of it; retrying later may work", seconds(headers.get("Retry-After")));
        }
        return fail(Kind.INVALID, where() + " refused to " + what + " (" + said + ")", null);
    }

    ProviderException unknownZone(String zone) {
        return fail(Kind.NOT_FOUND, "zone " + zone + " is not a domain of the DNS Made Easy account at " + display
                + ": add it there, or fix record.zone (sandbox and production are separate accounts: check sandbox too)", null);
    }

    ProviderException zoneGone(String zone, long id) {
        return fail(Kind.NOT_FOUND, "zone " + zone + " (domain id " + id + ") no longer exists in the DNS Made Easy account at "
                + display + ": was it deleted? Add it again, or fix record.zone", null);
    }

    ProviderException notJson(int code, String body, String what) {
        return fail(Kind.UNAVAILABLE, where() + " answered HTTP " + code + " to " + what + " with a body that is not DNS Made Easy"
                + " JSON (" + (body.isBlank() ? "empty" : "'" + excerpt(body.strip()) + "'") + "): check that endpoint is the"
                + " DNS Made Easy API, e.g. " + DnsMadeEasyProviderFactory.PRODUCTION + ", not a web page or a proxy's error page", null);
    }

    ProviderException unreachable(IOException e, String timeout) {
        if (e instanceof ConnectException) {
            return fail(Kind.UNAVAILABLE, "could not connect to " + where() + " (" + e.getMessage() + "): check endpoint and"
                    + " that this machine can reach it (firewall, proxy)", null, e);
        }
        if (e instanceof InterruptedIOException) {
            // SocketTimeoutException, and OkHttp's call timeout
            return fail(Kind.UNAVAILABLE, where() + " did not answer within " + timeout + ": DNS Made Easy or the network is"
                    + " slow; retrying later may work", null, e);
        }
        if (e instanceof UnknownHostException) {
            return fail(Kind.UNAVAILABLE, "cannot resolve the host of " + where() + ": check endpoint and this machine's DNS", null, e);
        }
        return fail(Kind.UNAVAILABLE, "the request to " + where() + " failed (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + "): check endpoint and the network", null, e);
    }

    ProviderException fail(Kind kind, String sentence, Duration retryAfter) {
        return fail(kind, sentence, retryAfter, null);
    }

    /** Every exception goes through here, so no path can carry a key even if a server echoed one. */
    ProviderException fail(Kind kind, String sentence, Duration retryAfter, Throwable cause) {
        return new ProviderException(kind, signer.redact("provider '" + provider + "': " + sentence), retryAfter, cause);
    }

    String where() {
        return "DNS Made Easy at " + display;
    }

    /** e.g. {@code HTTP 400: Record with this type (A) ... already exists.} */
    String said(int code, String body) {
        List<String> messages = messages(body);
        if (!messages.isEmpty()) {
            return "HTTP " + code + ": " + String.join("; ", messages);
        }
        return body.isBlank() ? "HTTP " + code : "HTTP " + code + ": '" + excerpt(body.strip()) + "'";
    }

    /** DNS Made Easy's own messages from {@code {"error": [...]}}; empty when the body is not of that shape. */
    List<String> messages(String body) {
        try {
            return DnsMadeEasyWire.errors(mapper.readTree(body));
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private boolean skewed(String sentDate, Headers headers) {
        try {
            ZonedDateTime ours = ZonedDateTime.parse(sentDate, DateTimeFormatter.RFC_1123_DATE_TIME);
            ZonedDateTime theirs = ZonedDateTime.parse(String.valueOf(headers.get("Date")), DateTimeFormatter.RFC_1123_DATE_TIME);
            return Duration.between(ours, theirs).abs().compareTo(SKEW_TOLERANCE) > 0;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String remaining(Headers headers) {
        String left = trim(headers.get(REMAINING));
        String limit = trim(headers.get(LIMIT));
        return left == null ? "" : "; " + left + (limit == null ? "" : " of " + limit) + " requests left";
    }

    static String human(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        return s < 60 ? s + " s" : s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }

    private static Duration seconds(String retryAfter) {
        try {
            long s = Long.parseLong(String.valueOf(retryAfter).trim());
            return s >= 0 ? Duration.ofSeconds(s) : null;
        } catch (NumberFormatException e) {
            return null; // absent, or an HTTP date: rare enough to let the controller's backoff decide
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "(nowhere)";
        }
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }
}
