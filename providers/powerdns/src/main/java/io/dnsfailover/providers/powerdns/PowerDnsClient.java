package io.dnsfailover.providers.powerdns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The PowerDNS HTTP API over OkHttp: authenticates with {@code X-API-Key}, and turns every failure into a
 * classified {@link ProviderException} whose message names the provider and says what to check. Never
 * retries (the controller does), never follows redirects (they would carry the key elsewhere), never
 * puts the key in a message or in {@link #toString()}. Thread safe.
 */
final class PowerDnsClient implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int EXCERPT = 200;
    private static final Runnable NOTHING = () -> {};

    private final String provider;
    private final HttpUrl endpoint;
    private final String apiKey;
    private final String serverId;
    private final OkHttpClient http;
    private final ObjectMapper mapper =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    // built here, not on the first read: building a deserializer takes tens of ms, and the first read of an
    // apply is the one its write is compared with, so that time would widen the race window
    private final ObjectReader zoneReader = mapper.readerFor(PowerDnsWire.Zone.class);
    private volatile Runnable beforePatch = NOTHING;

    /**
     * @param provider the config's name of the provider, for messages
     * @param endpoint the webserver base URL; {@code /api/v1/...} is appended below its path
     */
    PowerDnsClient(String provider, HttpUrl endpoint, String apiKey, String serverId, OkHttpClient http) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.serverId = Objects.requireNonNull(serverId, "serverId");
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * The zone with the rrsets PowerDNS selects for {@code name} and {@code type} (4.7 filters with
     * {@code rrset_name}/{@code rrset_type}; older servers ignore the parameters and send every rrset).
     *
     * @param zone absolute zone name, e.g. {@code example.test.}
     */
    PowerDnsWire.Zone zone(String zone, String name, String type) {
        HttpUrl url = zoneUrl(zone).newBuilder()
                .addQueryParameter("rrset_name", name)
                .addQueryParameter("rrset_type", type)
                .build();
        String body = call(authorised(new Request.Builder().url(url).get()), zone, "read " + name + " " + type);
        try {
            PowerDnsWire.Zone parsed = zoneReader.readValue(body);
            if (parsed == null) {
                throw notJson(200);
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw notJson(200);
        }
    }

    /**
     * Builds the PATCH that writes one rrset (REPLACE or DELETE) into {@code zone}, ready for {@link #send}:
     * the JSON is serialised here, ahead of the read the write is compared with, so that nothing but the
     * comparison lies between that read and the PATCH.
     */
    Write write(String zone, PowerDnsWire.RRset rrset) {
        String json;
        try {
            json = mapper.writeValueAsString(new PowerDnsWire.Patch(List.of(rrset)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + rrset.describe(), e);
        }
        return new Write(authorised(new Request.Builder().url(zoneUrl(zone)).patch(RequestBody.create(json, JSON))), zone,
                "write " + rrset.describe());
    }

    /** Sends a PATCH built by {@link #write}; PowerDNS answers 204. */
    void send(Write write) {
        beforePatch.run();
        call(write.request(), write.zone(), write.what());
    }

    /**
     * For tests only: runs {@code hook} just before each PATCH goes out, to play another writer whose change
     * lands between the adapter's read and its write. {@code null} removes it.
     */
    void beforePatch(Runnable hook) {
        beforePatch = hook == null ? NOTHING : hook;
    }

    /** A PATCH ready to send, with the zone and a description of the write for messages. */
    record Write(Request request, String zone, String what) {}

    /** Sends the request and returns the body of a 2xx answer; anything else becomes a ProviderException. */
    private String call(Request req, String zone, String what) {
        try (Response response = http.newCall(req).execute()) {
            String body = response.body().string();
            int code = response.code();
            if (code >= 200 && code < 300) {
                return body;
            }
            throw classify(code, body, response.header("Retry-After"), response.header("Location"), zone, what);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private Request authorised(Request.Builder request) {
        return request.header("X-API-Key", apiKey).header("Accept", "application/json").build();
    }

    private ProviderException classify(int code, String body, String retryAfter, String location, String zone, String what) {
        String error = errorText(body);
        if (code == 401 || code == 403) {
            return fail(Kind.AUTH, where() + " rejected the API key: check apiKey (the api-key in pdns.conf)", null, null);
        }
        if (code == 404) {
            return notFound(zone);
        }
        if (code == 429) {
            return fail(Kind.RATE_LIMITED, where() + " (or a proxy in front of it) is rate limiting requests (HTTP 429)",
                    seconds(retryAfter), null);
        }
        if (code >= 500) {
            return fail(Kind.UNAVAILABLE, where() + " failed to " + what + " with HTTP " + code + ": " + error
                    + "; check the pdns_server log and its database", seconds(retryAfter), null);
        }
        if (code >= 300 && code < 400) {
            return fail(Kind.INVALID, where() + " redirected the request (HTTP " + code + ") to " + excerpt(location)
                    + ": set endpoint to the webserver URL itself (redirects are not followed, so the key stays here)",
                    null, null);
        }
        // 422 (and 400) carry PowerDNS's own reason, e.g. "DNS Name 'x' is not canonical"
        return fail(Kind.INVALID, where() + " refused to " + what + " (HTTP " + code + "): " + error, null, null);
    }

    /**
     * PowerDNS answers a bare 404 both for an unknown zone and for an unknown server id, so ask for the
     * server to tell which setting is wrong. Only on this error path, so a healthy tick costs nothing.
     */
    private ProviderException notFound(String zone) {
        int serverStatus;
        Request probe = new Request.Builder().url(apiUrl().build()).header("X-API-Key", apiKey).get().build();
        try (Response response = http.newCall(probe).execute()) {
            serverStatus = response.code();
        } catch (IOException e) {
            serverStatus = -1;
        }
        if (serverStatus == 404) {
            return fail(Kind.NOT_FOUND, where() + " has no server '" + serverId
                    + "': check serverId (normally localhost) and that endpoint is the PowerDNS webserver with api=yes",
                    null, null);
        }
        return fail(Kind.NOT_FOUND, "zone " + trimDot(zone) + " does not exist on PowerDNS server " + serverId
                + " at " + display() + ": create it, or fix record.zone", null, null);
    }

    private ProviderException unreachable(IOException e) {
        if (e instanceof ConnectException) {
            return fail(Kind.UNAVAILABLE, "could not connect to " + where() + " (" + e.getMessage()
                    + "): check endpoint, and that pdns_server runs with webserver=yes and api=yes", null, e);
        }
        if (e instanceof InterruptedIOException) {
            // SocketTimeoutException, and OkHttp's call timeout
            return fail(Kind.UNAVAILABLE, where() + " did not answer within " + timeout()
                    + ": check that pdns_server is running and not overloaded", null, e);
        }
        if (e instanceof UnknownHostException) {
            return fail(Kind.UNAVAILABLE, "cannot resolve the host of " + where() + ": check endpoint", null, e);
        }
        return fail(Kind.UNAVAILABLE, "the request to " + where() + " failed (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + "): check endpoint and the network", null, e);
    }

    private ProviderException notJson(int code) {
        return fail(Kind.UNAVAILABLE, where() + " answered HTTP " + code + " with a body that is not PowerDNS JSON: check that"
                + " endpoint is the PowerDNS webserver (api=yes), not another service", null, null);
    }

    /** Every exception goes through here, so no path can leak the key even if a server echoed it. */
    private ProviderException fail(Kind kind, String sentence, Duration retryAfter, Throwable cause) {
        String message = "provider '" + provider + "': " + sentence;
        if (!apiKey.isEmpty()) {
            message = message.replace(apiKey, "<apiKey>");
        }
        return new ProviderException(kind, message, retryAfter, cause);
    }

    private String errorText(String body) {
        try {
            PowerDnsWire.Error error = mapper.readValue(body, PowerDnsWire.Error.class);
            if (error != null && error.error() != null && !error.error().isBlank()) {
                return error.error();
            }
        } catch (JsonProcessingException e) {
            // not JSON: quote the start of what came back instead
        }
        return body.isBlank() ? "(no details)" : excerpt(body.strip());
    }

    private HttpUrl.Builder apiUrl() {
        return endpoint.newBuilder().addPathSegments("api/v1/servers").addPathSegment(serverId);
    }

    private HttpUrl zoneUrl(String zone) {
        return apiUrl().addPathSegment("zones").addPathSegment(zone).build();
    }

    private String where() {
        return "PowerDNS at " + display();
    }

    /** The endpoint without any user info, which may hold a password. */
    String display() {
        String shown = endpoint.newBuilder().username("").password("").query(null).build().toString();
        return shown.endsWith("/") ? shown.substring(0, shown.length() - 1) : shown;
    }

    private String timeout() {
        long millis = http.callTimeoutMillis() > 0 ? http.callTimeoutMillis() : http.readTimeoutMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
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

    private static String excerpt(String text) {
        if (text == null) {
            return "(nowhere)";
        }
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "PowerDnsClient[" + provider + ", " + display() + ", serverId=" + serverId + "]";
    }
}
