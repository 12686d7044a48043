package io.dnsfailover.providers.cloudflare;

import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what went wrong with a Cloudflare call into one classified {@link ProviderException} whose message
 * names the provider and says what to check. Cloudflare's own error body
 * ({@code {"success":false,"errors":[{"code":..,"message":..}]}}) is quoted, never dumped; the API token
 * is cut out of every message, even one a server echoed. Thread safe (immutable).
 */
final class CloudflareFailures {

    /** Codes Cloudflare uses when it cannot read the credentials at all (missing or malformed headers). */
    private static final Set<Integer> UNREADABLE_CREDENTIALS = Set.of(6003, 6100, 6101, 6102, 6103, 6111, 9106);
    /** Codes for a credential that was read but rejected or lacks the permission. */
    private static final Set<Integer> REJECTED_CREDENTIALS = Set.of(9103, 9109, 10000, 10001, 10004);
    /** "More than 1200 requests per 300 seconds reached", seen with HTTP 429 under both codes. */
    private static final Set<Integer> RATE_LIMIT = Set.of(971, 10100);
    /** "Could not route to /zones/…, perhaps your object identifier is invalid?" and "No route for that URI". */
    private static final Set<Integer> NO_ROUTE = Set.of(7000, 7003);
    private static final int RECORD_DOES_NOT_EXIST = 81044;
    private static final int EXCERPT = 160;
    /** How Cloudflare names the permission a token lacks, in the message of its code 0 refusal. */
    private static final Pattern REQUIRES_PERMISSION = Pattern.compile("requires permission '([A-Za-z0-9_.]+)'");

    private final String provider;
    private final String endpoint;
    private final String token;
    private final Clock clock;

    /**
     * @param provider the config's name of the provider
     * @param endpoint the API base URL as it may be shown (no user info)
     * @param token the API token, only so that it can be cut out of messages
     */
    CloudflareFailures(String provider, String endpoint, String token, Clock clock) {
        this.provider = provider;
        this.endpoint = endpoint;
        this.token = token;
        this.clock = clock;
    }

    /**
     * An HTTP answer that was not a success.
     *
     * @param errors Cloudflare's {@code errors}, empty when the body held none or was not JSON
     * @param json false when the body was not Cloudflare JSON at all
     * @param zone the zone the call was about
     * @param lookup true for the zone lookup ({@code GET /zones}), false for calls below {@code /zones/{id}}
     * @param what what was attempted, e.g. {@code create atlanta1.example.com A 192.0.2.10}
     */
    ProviderException http(int status, List<CloudflareWire.Message> errors, boolean json, String body, String retryAfter,
            String zone, boolean lookup, String what) {
        String said = said(status, errors);
        if (status == 429 || has(errors, RATE_LIMIT)) {
            Duration wait = retryAfter(retryAfter);
            return fail(Kind.RATE_LIMITED, "Cloudflare is rate limiting this account (" + said + "); its 1200 requests per"
                    + " 5 minutes are shared with every other tool and dashboard session of the user"
                    + (wait == null ? "" : "; retry after " + wait.toSeconds() + " s"), wait, null);
        }
        if (status >= 500) {
            return fail(Kind.UNAVAILABLE, "Cloudflare failed to " + what + " (" + (json ? said : "HTTP " + status + ": "
                    + excerpt(body)) + "): a problem on Cloudflare's side or of a proxy in between; see"
                    + " https://www.cloudflarestatus.com", retryAfter(retryAfter), null);
        }
        if (!json) {
            return notJson(status, body);
        }
        if (status >= 300 && status < 400) {
            return fail(Kind.INVALID, where() + " redirected the request (HTTP " + status + "): set endpoint to the API"
                    + " base URL itself (redirects are not followed, so the token is never sent elsewhere)", null, null);
        }
        if (has(errors, UNREADABLE_CREDENTIALS)) {
            return fail(Kind.AUTH, "Cloudflare could not read the API token (" + said + "): apiToken must be the token"
                    + " itself, without 'Bearer ', on one line; a Global API Key does not work here", null, null);
        }
        String permission = missingPermission(errors);
        if ((status == 401 || status == 403) && permission != null) {
            return fail(Kind.AUTH, "Cloudflare does not let this API token " + (lookup ? "list zone " + zone : what) + " ("
                    + said + "): give the token " + permissionToAdd(permission) + " with zone " + zone + " among its zone"
                    + " resources (dashboard: My Profile, API Tokens, Edit); dnsfailover needs Zone:Zone:Read and"
                    + " Zone:DNS:Edit there", null, null);
        }
        if (status == 401 || status == 403 || has(errors, REJECTED_CREDENTIALS)) {
            return fail(Kind.AUTH, "Cloudflare rejected the API token (" + said + "): check apiToken and that it has"
                    + " Zone:DNS:Edit on zone " + zone + " (and Zone:Zone:Read, to find it), and that no IP filter or"
                    + " expiry of the token excludes this host", null, null);
        }
        if (has(errors, Set.of(RECORD_DOES_NOT_EXIST))) {
            return fail(Kind.CONFLICT, "a record vanished while dnsfailover was writing (" + said + ", on " + what
                    + "): someone changed it at the same time; re-read before writing", null, null);
        }
        if (status == 404 || has(errors, NO_ROUTE)) {
            return lookup
                    ? fail(Kind.INVALID, where() + " has no zone list (" + said + "): check endpoint (default "
                            + CloudflareProviderFactory.DEFAULT_ENDPOINT + ")", null, null)
                    : fail(Kind.NOT_FOUND, "zone " + zone + " is no longer at Cloudflare (" + said + "): it was deleted"
                            + " or moved; check record.zone", null, null);
        }
        return fail(Kind.INVALID, "Cloudflare refused to " + what + " (" + said + ")" + hint(errors), null, null);
    }

    /** The zone lookup found no zone of that exact name. */
    ProviderException zoneNotFound(String zone) {
        return fail(Kind.NOT_FOUND, "zone " + zone + " is not in any Cloudflare account this API token can see: check"
                + " record.zone, and that the token has Zone:Zone:Read and Zone:DNS:Edit on " + zone, null, null);
    }

    /** The lookup found the exact name more than once (the same zone in several accounts). */
    ProviderException zoneAmbiguous(String zone, List<String> ids) {
        return fail(Kind.INVALID, "zone " + zone + " exists " + ids.size() + " times in the Cloudflare accounts this API"
                + " token can see (ids " + String.join(", ", ids) + "): restrict the token to the one account that"
                + " serves it", null, null);
    }

    ProviderException notJson(int status, String body) {
        return fail(Kind.UNAVAILABLE, where() + " answered HTTP " + status + " with a body that is not Cloudflare API JSON"
                + (body == null || body.isBlank() ? " (empty)" : " (" + excerpt(body) + ")") + ": check endpoint (default "
                + CloudflareProviderFactory.DEFAULT_ENDPOINT + ") and any proxy in between", null, null);
    }

    ProviderException unreachable(IOException e, String timeout) {
        if (e instanceof ConnectException) {
            return fail(Kind.UNAVAILABLE, "could not connect to " + where() + " (" + e.getMessage() + "): check endpoint"
                    + " and the network", null, e);
        }
        if (e instanceof InterruptedIOException) {
            // SocketTimeoutException, and OkHttp's call timeout
            return fail(Kind.UNAVAILABLE, where() + " did not answer within " + timeout + ": check the network, or"
                    + " https://www.cloudflarestatus.com", null, e);
        }
        if (e instanceof UnknownHostException) {
            return fail(Kind.UNAVAILABLE, "cannot resolve the host of " + where() + ": check endpoint and DNS", null, e);
        }
        return fail(Kind.UNAVAILABLE, "the request to " + where() + " failed (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + "): check endpoint and the network", null, e);
    }

    /** Every exception goes through here, so that no path can leak the token. */
    ProviderException fail(Kind kind, String sentence, Duration retryAfter, Throwable cause) {
        return new ProviderException(kind, redact("provider '" + provider + "': " + sentence), retryAfter,
                cause == null ? null : new RedactedCause(cause, this));
    }

    String redact(String text) {
        return text == null || token.isEmpty() ? text : text.replace(token, "<apiToken>");
    }

    private String where() {
        return "Cloudflare at " + endpoint;
    }

    private static String said(int status, List<CloudflareWire.Message> errors) {
        if (errors.isEmpty()) {
            return "HTTP " + status;
        }
        return "HTTP " + status + ", " + errors.stream().map(CloudflareWire.Message::describe).collect(Collectors.joining("; "));
    }

    private static boolean has(List<CloudflareWire.Message> errors, Set<Integer> codes) {
        return errors.stream().anyMatch(m -> codes.stream().anyMatch(m::hasCode));
    }

    /**
     * The permission a refusal names, e.g. {@code com.cloudflare.api.account.zone.list} from {@code Actor '...'
     * requires permission 'com.cloudflare.api.account.zone.list' to list zones} (code 0, HTTP 403: what a token
     * gets for a zone outside its zone resources, or without Zone:Zone:Read); {@code null} when none does.
     */
    static String missingPermission(List<CloudflareWire.Message> errors) {
        for (CloudflareWire.Message m : errors) {
            Matcher found = m.message() == null ? null : REQUIRES_PERMISSION.matcher(m.message());
            if (found != null && found.find()) {
                return found.group(1);
            }
            String inChain = missingPermission(m.errorChain());
            if (inChain != null) {
                return inChain;
            }
        }
        return null;
    }

    /** The permission as the dashboard names it, for the ones dnsfailover needs; the API's name otherwise. */
    private static String permissionToAdd(String permission) {
        return switch (permission) {
            case "com.cloudflare.api.account.zone.list", "com.cloudflare.api.account.zone.read" ->
                    "the permission Zone:Zone:Read (" + permission + ")";
            case "com.cloudflare.api.account.dns_records.edit" -> "the permission Zone:DNS:Edit (" + permission + ")";
            case "com.cloudflare.api.account.dns_records.read" -> "the permission Zone:DNS:Read (" + permission + ")";
            default -> "the permission " + permission;
        };
    }

    /** What to do about the validation errors users hit most (reference/providers.md §3.7, §5). */
    private static String hint(List<CloudflareWire.Message> errors) {
        if (has(errors, Set.of(9021))) {
            return ": Cloudflare keeps TTLs from 60 s (30 s on Enterprise zones) to 86400 s; set record.ttl within that";
        }
        if (has(errors, Set.of(81053, 81054))) {
            return ": a CNAME cannot share its name with other records; delete the other records of that name first";
        }
        if (has(errors, Set.of(81057))) {
            return ": an identical record already exists; someone changed the name at the same time, re-read before"
                    + " writing";
        }
        return "";
    }

    /**
     * The provider's hint: delta seconds (what Cloudflare sends) or an HTTP date; {@code null} when absent
     * or unreadable, which leaves the wait to the controller's backoff.
     */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            long s = Long.parseLong(h);
            return s >= 0 ? Duration.ofSeconds(s) : null;
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private String excerpt(String text) {
        String t = redact(text.strip().replaceAll("\\s+", " "));
        return t.length() <= EXCERPT ? t : t.substring(0, EXCERPT) + "...";
    }

    /**
     * Stands in for an I/O exception as the cause: keeps its class and stack but not a message that could
     * hold the token (OkHttp quotes header values in some of its messages).
     */
    static final class RedactedCause extends IOException {
        private static final long serialVersionUID = 1L;

        RedactedCause(Throwable original, CloudflareFailures failures) {
            super(original.getClass().getName() + ": " + failures.redact(String.valueOf(original.getMessage())));
            setStackTrace(original.getStackTrace());
        }
    }
}
