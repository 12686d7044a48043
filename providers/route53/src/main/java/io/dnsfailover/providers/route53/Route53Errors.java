package io.dnsfailover.providers.route53;

import com.fasterxml.jackson.databind.JsonNode;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns every way a Route 53 call can fail into one classified {@link ProviderException} whose message
 * names the provider and says what to check. Reads both of Route 53's error shapes: the standard
 * {@code <ErrorResponse><Error><Code>} and the {@code <InvalidChangeBatch><Messages><Message>} that
 * ChangeResourceRecordSets uses for a batch it refuses. Every message is scrubbed of the credentials.
 */
final class Route53Errors {

    private static final int EXCERPT = 200;
    private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
            "TooManyRequestsException", "PriorRequestNotComplete");
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "NotAuthorized", "OptInRequired");
    private static final Set<String> BAD_SIGNATURE = Set.of("SignatureDoesNotMatch", "InvalidSignatureException",
            "IncompleteSignature", "RequestExpired");
    private static final Set<String> UNKNOWN_KEY = Set.of("InvalidClientTokenId", "UnrecognizedClientException");
    private static final Set<String> EXPIRED_TOKEN = Set.of("ExpiredToken", "ExpiredTokenException");

    /**
     * What Route 53 said.
     *
     * @param code e.g. {@code Throttling}, {@code InvalidChangeBatch}; null when the body is not Route 53 XML
     * @param message its message(s), or an excerpt of the body when it is not Route 53 XML
     */
    record Said(String code, String message) {}

    private final String provider;
    private final String where;
    private final Route53Signer signer;

    /**
     * @param where how to name the API in messages, e.g. "Route 53" or "Route 53 at http://127.0.0.1:8080"
     */
    Route53Errors(String provider, String where, Route53Signer signer) {
        this.provider = provider;
        this.where = where;
        this.signer = signer;
    }

    /** Route 53's code and message from an error body in either shape. */
    static Said parse(String body) {
        String root = Route53Wire.rootElement(body);
        JsonNode tree = root == null ? null : Route53Wire.tree(body);
        if (tree != null && root.equals("InvalidChangeBatch")) {
            List<String> messages = new ArrayList<>();
            JsonNode m = tree.path("Messages").path("Message");
            if (m.isArray()) {
                m.forEach(n -> messages.add(n.asText()));
            } else if (!m.isMissingNode()) {
                messages.add(m.asText());
            }
            return new Said("InvalidChangeBatch", messages.isEmpty() ? "(no details)" : String.join("; ", messages));
        }
        if (tree != null && (root.equals("ErrorResponse") || root.equals("Error"))) {
            JsonNode error = root.equals("Error") ? tree : tree.path("Error");
            String code = error.path("Code").asText("");
            if (!code.isEmpty()) {
                return new Said(code, error.path("Message").asText("(no details)"));
            }
        }
        return new Said(null, body == null || body.isBlank() ? "(empty body)" : excerpt(body.strip()));
    }

    /**
     * The failure for a non-2xx answer.
     *
     * @param what what was being done, e.g. "list the record sets of atlanta1.example.com A"
     * @param zone the zone the call was about, or null
     * @param date Route 53's {@code Date} header, quoted when the signature looks expired (clock skew)
     */
    ProviderException classify(int status, String body, String retryAfter, String date, String location, String what, String zone) {
        Said said = parse(body);
        String code = said.code() == null ? "" : said.code();
        String detail = said.code() == null ? "HTTP " + status + " with a body that is not Route 53 XML: " + said.message()
                : code + ": " + said.message();
        if (THROTTLED.contains(code) || status == 429) {
            String sentence = code.equals("PriorRequestNotComplete")
                    ? where + " is still processing an earlier change to zone " + zone + " (" + detail + "); try again shortly"
                    : where + " is throttling this AWS account (" + detail + "); the limit is 5 requests per second per"
                            + " account, shared with every other tool that uses it";
            return fail(Kind.RATE_LIMITED, sentence, seconds(retryAfter), null);
        }
        if (BAD_SIGNATURE.contains(code) && looksExpired(code, said.message())) {
            return fail(Kind.AUTH, where + " refused the request's time (" + detail + "): check this machine's clock"
                    + " (run NTP)" + (date == null ? "" : "; Route 53's clock said " + date), null, null);
        }
        if (BAD_SIGNATURE.contains(code)) {
            return fail(Kind.AUTH, where + " rejected the request signature (" + code + "): the secret access key does not"
                    + " belong to the access key id; " + signer.hint(), null, null);
        }
        if (UNKNOWN_KEY.contains(code)) {
            return fail(Kind.AUTH, where + " does not know the access key id (" + code + "): it was deleted or deactivated,"
                    + " or temporary credentials came without their session token; " + signer.hint(), null, null);
        }
        if (EXPIRED_TOKEN.contains(code)) {
            return fail(Kind.AUTH, where + " says the temporary AWS credentials have expired (" + code + "): refresh them; "
                    + signer.hint(), null, null);
        }
        if (DENIED.contains(code)) {
            return fail(Kind.AUTH, "the AWS credentials may not " + what + " (" + detail + "): grant the IAM user or role"
                    + " route53:ListHostedZonesByName, route53:ListResourceRecordSets, route53:ChangeResourceRecordSets and"
                    + " route53:GetChange (see the route53 README); credentials from " + signer.source(), null, null);
        }
        if (status == 401 || status == 403) {
            return fail(Kind.AUTH, where + " refused the credentials (" + detail + "); " + signer.hint(), null, null);
        }
        if (code.equals("NoSuchHostedZone")) {
            return fail(Kind.NOT_FOUND, "zone " + zone + " no longer exists in Route 53 (" + detail + "): create it, or fix"
                    + " record.zone", null, null);
        }
        if (code.equals("NoSuchChange")) {
            return fail(Kind.NOT_FOUND, where + " could not " + what + " (" + detail + "): the change id comes from another"
                    + " account or endpoint", null, null);
        }
        if (code.equals("InvalidChangeBatch") && isConflict(said.message())) {
            return fail(Kind.CONFLICT, where + " refused the conditional write to " + what + " because the live record set is"
                    + " no longer the one read (" + said.message() + "): someone changed it; re-read before writing", null, null);
        }
        if (status >= 500) {
            return fail(Kind.UNAVAILABLE, where + " failed to " + what + " (" + detail + "); AWS's side, try again",
                    seconds(retryAfter), null);
        }
        if (status >= 300 && status < 400) {
            return fail(Kind.INVALID, where + " redirected the request (HTTP " + status + ") to " + excerpt(location)
                    + ": set endpoint to the Route 53 API itself, e.g. " + Route53ProviderFactory.DEFAULT_ENDPOINT, null, null);
        }
        if (status == 404) {
            return fail(Kind.NOT_FOUND, where + " could not " + what + " (" + detail + "): check endpoint; it should be "
                    + Route53ProviderFactory.DEFAULT_ENDPOINT + " or a proxy for it (the adapter adds /2013-04-01/...)", null, null);
        }
        return fail(Kind.INVALID, where + " refused to " + what + " (" + detail + ")", null, null);
    }

    /** The request never got an answer: refused, timed out, name not resolved, TLS failed. */
    ProviderException transport(IOException e, String timeout) {
        if (e instanceof ConnectException) {
            return fail(Kind.UNAVAILABLE, "could not connect to " + where + " (" + e.getMessage() + "): check endpoint and"
                    + " the network", null, e);
        }
        if (e instanceof InterruptedIOException) {
            // SocketTimeoutException, and OkHttp's call timeout
            return fail(Kind.UNAVAILABLE, where + " did not answer within " + timeout + ": check the network to AWS", null, e);
        }
        if (e instanceof UnknownHostException) {
            return fail(Kind.UNAVAILABLE, "cannot resolve the host of " + where + ": check endpoint and DNS", null, e);
        }
        return fail(Kind.UNAVAILABLE, "the request to " + where + " failed (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + "): check endpoint and the network", null, e);
    }

    /** A 2xx answer whose body is not the XML the call returns. */
    ProviderException notXml(int status, String body, String expectedRoot) {
        return fail(Kind.UNAVAILABLE, where + " answered HTTP " + status + " with a body that is not Route 53 XML (expected "
                + expectedRoot + ", got " + excerpt(body == null ? "" : body.strip()) + "): check that endpoint is the Route 53"
                + " API or a proxy for it", null, null);
    }

    /** Every exception goes through here, so no path can leak the credentials even if a server echoed them. */
    ProviderException fail(Kind kind, String sentence, Duration retryAfter, Throwable cause) {
        return new ProviderException(kind, signer.redact("provider '" + provider + "': " + sentence), retryAfter, cause);
    }

    /** Route 53's messages for a batch whose DELETE no longer matches, or whose CREATE finds a set in place. */
    static boolean isConflict(String messages) {
        String m = messages.toLowerCase(Locale.ROOT);
        return m.contains("tried to delete resource record set") && (m.contains("not found") || m.contains("do not match"))
                || m.contains("tried to create resource record set") && m.contains("already exists");
    }

    private static boolean looksExpired(String code, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return code.equals("RequestExpired") || m.contains("expired") || m.contains("not yet current");
    }

    private static Duration seconds(String retryAfter) {
        if (retryAfter == null) {
            return null;
        }
        try {
            long s = Long.parseLong(retryAfter.trim());
            return s >= 0 ? Duration.ofSeconds(s) : null;
        } catch (NumberFormatException e) {
            return null; // an HTTP date: rare enough to let the controller's backoff decide
        }
    }

    static String excerpt(String text) {
        if (text == null || text.isEmpty()) {
            return "(nothing)";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= EXCERPT ? oneLine : oneLine.substring(0, EXCERPT) + "...";
    }
}
