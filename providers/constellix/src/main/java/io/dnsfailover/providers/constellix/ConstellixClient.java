package io.dnsfailover.providers.constellix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Constellix DNS API v4 over OkHttp: signs every request with a fresh token, pages through lists to
 * the end, and turns every failure into a classified {@link ProviderException} (see
 * {@link ConstellixErrors}). Never retries (the controller does), never follows redirects, never puts a
 * key in a message, a log line or {@link #toString()}. Thread safe.
 */
final class ConstellixClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConstellixClient.class);
    private static final MediaType JSON = MediaType.get("application/json");

    /** Records per page asked for; the API may serve fewer, and {@code meta.pagination} says how many pages. */
    static final int PER_PAGE = 100;
    /** A stop for a server whose pagination never ends (100,000 records at 100 a page). */
    static final int MAX_PAGES = 1000;
    /** Below this many requests left in the window, each answer is logged as a warning. */
    static final int LOW_REMAINING = 5;

    /** What a 404 means depends on what was asked for. */
    enum Scope {
        /** The domain search: the zone does not exist. */
        SEARCH,
        /** Anything below {@code /domains/{id}}: the domain is gone. */
        DOMAIN,
        /** One record by id: it was deleted after it was read. */
        RECORD
    }

    private final String provider;
    private final HttpUrl endpoint;
    private final ConstellixAuth auth;
    private final OkHttpClient http;
    private final ConstellixErrors errors;
    private final ObjectMapper mapper =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * @param provider the config's name of the provider, for messages
     * @param endpoint the API base, e.g. {@code https://api.dns.constellix.com/v4}; paths are appended below it
     */
    ConstellixClient(String provider, HttpUrl endpoint, ConstellixAuth auth, OkHttpClient http) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.http = Objects.requireNonNull(http, "http");
        this.errors = new ConstellixErrors(provider, display(), auth, mapper, http);
    }

    /**
     * Every domain the search returns for {@code zone}; the caller keeps only the exact name. Constellix's v4
     * OpenAPI declares {@code name} alone for {@code /search/domains} (no {@code page}, no {@code perPage}), so
     * that is all the first request sends; a later page, only when the answer announces one, is asked with
     * {@code page} alone, as the search's own {@code meta.links} write it.
     */
    List<ConstellixWire.DomainRef> searchDomains(String zone) {
        return pages(() -> url("search/domains").addQueryParameter("name", zone), false, ConstellixWire.DomainPage.class,
                p -> p.data(), ConstellixWire.DomainPage::meta, Scope.SEARCH, zone, "look up zone " + zone);
    }

    /** Every record object of the domain, all pages ({@code page} and {@code perPage}, as the OpenAPI declares). */
    List<ConstellixWire.Record> records(long domainId, String zone) {
        return pages(() -> records(domainId), true, ConstellixWire.RecordPage.class, p -> p.data(),
                ConstellixWire.RecordPage::meta, Scope.DOMAIN, zone, "list the records of zone " + zone);
    }

    void create(long domainId, String zone, ConstellixWire.Body body, String what) {
        send(new Request.Builder().url(records(domainId).build()).post(json(body)), Scope.DOMAIN, zone, what);
    }

    void update(long domainId, long recordId, String zone, ConstellixWire.Body body, String what) {
        send(new Request.Builder().url(records(domainId).addPathSegment(Long.toString(recordId)).build()).put(json(body)),
                Scope.RECORD, zone, what);
    }

    void delete(long domainId, long recordId, String zone, String what) {
        send(new Request.Builder().url(records(domainId).addPathSegment(Long.toString(recordId)).build()).delete(),
                Scope.RECORD, zone, what);
    }

    /** A zone search that found no domain of exactly that name. */
    ProviderException zoneNotFound(String zone) {
        return errors.zoneNotFound(zone);
    }

    /**
     * @param paged true when the endpoint declares {@code page} and {@code perPage}: every request carries them;
     *     false: the first request carries neither, a later one {@code page} alone
     */
    private <P, T> List<T> pages(Supplier<HttpUrl.Builder> base, boolean paged, Class<P> type, Function<P, List<T>> data,
            Function<P, ConstellixWire.Meta> meta, Scope scope, String zone, String what) {
        List<T> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            HttpUrl.Builder b = base.get();
            if (paged || page > 1) {
                b.addQueryParameter("page", Integer.toString(page));
            }
            if (paged) {
                b.addQueryParameter("perPage", Integer.toString(PER_PAGE));
            }
            HttpUrl url = b.build();
            Reply reply = call(new Request.Builder().url(url).get(), scope, zone, what);
            P parsed = parse(reply, type);
            List<T> items = data.apply(parsed);
            out.addAll(items);
            if (items.isEmpty() || !hasNext(meta.apply(parsed), page)) {
                return out;
            }
            if (page >= MAX_PAGES) {
                throw errors.fail(Kind.UNAVAILABLE, "Constellix at " + display() + " kept announcing more pages after "
                        + MAX_PAGES + " pages while trying to " + what + ": check endpoint", null, null);
            }
        }
    }

    /** {@code meta.pagination} when present, else {@code meta.links.next}. */
    private static boolean hasNext(ConstellixWire.Meta meta, int page) {
        if (meta == null) {
            return false;
        }
        ConstellixWire.Pagination p = meta.pagination();
        if (p != null && p.totalPages() != null) {
            return page < p.totalPages();
        }
        return meta.links() != null && meta.links().next() != null && !meta.links().next().isBlank();
    }

    private void send(Request.Builder request, Scope scope, String zone, String what) {
        Reply reply = call(request, scope, zone, what);
        if (!reply.body().isBlank()) {
            parse(reply, ConstellixWire.Single.class); // an answer that is not JSON came from something else
        }
    }

    private record Reply(int code, String body) {}

    /** Sends the request and returns a 2xx answer; anything else becomes a ProviderException. */
    private Reply call(Request.Builder request, Scope scope, String zone, String what) {
        Request req = request.header("Authorization", auth.header()).header("Accept", "application/json").build();
        try (Response response = http.newCall(req).execute()) {
            String body = response.body().string();
            int code = response.code();
            if (code >= 200 && code < 300) {
                noteLimits(response);
                return new Reply(code, body);
            }
            throw errors.classify(response, body, scope, zone, what);
        } catch (IOException e) {
            throw errors.unreachable(e);
        }
    }

    private void noteLimits(Response response) {
        String remaining = response.header("X-RateLimit-Remaining");
        if (remaining == null) {
            return;
        }
        try {
            int left = Integer.parseInt(remaining.trim());
            if (left <= LOW_REMAINING) {
                log.warn("provider '{}': Constellix allows {} more API requests until its rate limit resets in {} s;"
                        + " every tool using this account's keys shares that budget", provider, left,
                        response.header("X-RateLimit-Reset"));
            } else {
                log.debug("provider '{}': {} Constellix API requests left in this window", provider, left);
            }
        } catch (NumberFormatException e) {
            log.debug("provider '{}': unreadable X-RateLimit-Remaining header", provider);
        }
    }

    private <T> T parse(Reply reply, Class<T> type) {
        try {
            T parsed = mapper.readValue(reply.body(), type);
            if (parsed != null) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            // fall through: say what came back instead
        }
        throw errors.notJson(reply.code(), reply.body());
    }

    private RequestBody json(ConstellixWire.Body body) {
        try {
            return RequestBody.create(mapper.writeValueAsString(body), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a record of type " + body.type(), e);
        }
    }

    private HttpUrl.Builder url(String path) {
        return endpoint.newBuilder().addPathSegments(path);
    }

    private HttpUrl.Builder records(long domainId) {
        return url("domains").addPathSegment(Long.toString(domainId)).addPathSegment("records");
    }

    /** The endpoint without user info or query, which may hold something secret. */
    String display() {
        String shown = endpoint.newBuilder().username("").password("").query(null).build().toString();
        return shown.endsWith("/") ? shown.substring(0, shown.length() - 1) : shown;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "ConstellixClient[" + provider + ", " + display() + "]";
    }
}
