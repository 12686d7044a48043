package io.dnsfailover.providers.cloudflare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.providers.ProviderException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Cloudflare API v4 over OkHttp: authenticates with {@code Authorization: Bearer <token>}, pages lists
 * to the end, and turns every failure into a classified {@link ProviderException} (see
 * {@link CloudflareFailures}). Never retries (the controller does), never follows redirects (they would
 * carry the token elsewhere), never shows the token. Thread safe.
 */
final class CloudflareClient implements AutoCloseable {

    /** The most zones a page may hold ({@code GET /zones} caps per_page at 50). */
    static final int ZONES_PER_PAGE = 50;
    /** Records per page; the name and type filters leave a handful, but the list is still read to the end. */
    static final int RECORDS_PER_PAGE = 100;
    /** A guard against a server whose result_info never ends the list. */
    private static final int MAX_PAGES = 1000;
    private static final MediaType JSON = MediaType.get("application/json");

    private final HttpUrl endpoint;
    private final String token;
    private final OkHttpClient http;
    private final CloudflareFailures failures;
    private final ObjectMapper mapper =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** @param endpoint the API base URL, e.g. {@code https://api.cloudflare.com/client/v4}; paths go below it */
    CloudflareClient(HttpUrl endpoint, String token, OkHttpClient http, CloudflareFailures failures) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.token = Objects.requireNonNull(token, "token");
        this.http = Objects.requireNonNull(http, "http");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    CloudflareFailures failures() {
        return failures;
    }

    /** {@code GET /zones?name=...}: the zones Cloudflare lists for the name (it matches exactly by default). */
    List<CloudflareWire.Zone> zones(String name) {
        HttpUrl url = url("zones").addQueryParameter("name", name).build();
        return pages(url, ZONES_PER_PAGE, CloudflareWire.Zone.class, name, true, "look up zone " + name);
    }

    /** {@code GET /zones/{id}/dns_records?type=..&name=..}: every record of one name and type, all pages. */
    List<CloudflareWire.DnsRecord> records(String zoneId, String zone, String name, String type) {
        HttpUrl url = url("zones", zoneId, "dns_records")
                .addQueryParameter("type", type)
                .addQueryParameter("name", name)
                .build();
        return pages(url, RECORDS_PER_PAGE, CloudflareWire.DnsRecord.class, zone, false, "read " + name + " " + type);
    }

    CloudflareWire.DnsRecord create(String zoneId, String zone, CloudflareWire.NewRecord record) {
        HttpUrl url = url("zones", zoneId, "dns_records").build();
        JsonNode result = call(new Request.Builder().url(url).post(json(record)), zone,
                "create " + record.name() + " " + record.type() + " " + record.content());
        return convert(result, CloudflareWire.DnsRecord.class);
    }

    /** Changes only the fields of {@code patch}; keeps proxied, comment, tags and the record id. */
    CloudflareWire.DnsRecord patch(String zoneId, String zone, CloudflareWire.DnsRecord record, CloudflareWire.Patch patch) {
        HttpUrl url = url("zones", zoneId, "dns_records", record.id()).build();
        String what = "change " + record.name() + " " + record.type() + " " + record.content()
                + (patch.content() == null ? "" : " to " + patch.content()) + (patch.ttl() == null ? "" : " (TTL " + patch.ttl() + ")");
        return convert(call(new Request.Builder().url(url).patch(json(patch)), zone, what), CloudflareWire.DnsRecord.class);
    }

    void delete(String zoneId, String zone, CloudflareWire.DnsRecord record) {
        HttpUrl url = url("zones", zoneId, "dns_records", record.id()).build();
        call(new Request.Builder().url(url).delete(), zone, "delete " + record.name() + " " + record.type() + " " + record.content());
    }

    /** Reads page after page until result_info says it was the last (or a short page shows it). */
    private <T> List<T> pages(HttpUrl base, int perPage, Class<T> type, String zone, boolean lookup, String what) {
        JavaType listType = mapper.getTypeFactory().constructCollectionType(List.class, type);
        List<T> all = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            HttpUrl url = base.newBuilder()
                    .addQueryParameter("page", String.valueOf(page))
                    .addQueryParameter("per_page", String.valueOf(perPage))
                    .build();
            JsonNode root = callForEnvelope(new Request.Builder().url(url).get(), zone, lookup, what);
            List<T> items = convert(root.path("result"), listType);
            all.addAll(items);
            CloudflareWire.ResultInfo info = root.hasNonNull("result_info")
                    ? convert(root.get("result_info"), CloudflareWire.ResultInfo.class) : null;
            boolean last = info != null && info.totalPages() != null
                    ? page >= info.totalPages()
                    : items.size() < perPage;
            if (last || items.isEmpty()) {
                return all;
            }
        }
        throw failures.fail(ProviderException.Kind.UNAVAILABLE, "Cloudflare kept sending pages past " + MAX_PAGES
                + " while trying to " + what + ": check endpoint", null, null);
    }

    private JsonNode call(Request.Builder request, String zone, String what) {
        return callForEnvelope(request, zone, false, what).path("result");
    }

    /** Sends the request; returns the envelope of a 2xx answer with success true, else throws. */
    private JsonNode callForEnvelope(Request.Builder request, String zone, boolean lookup, String what) {
        Request req = request.header("Authorization", "Bearer " + token).header("Accept", "application/json").build();
        try (Response response = http.newCall(req).execute()) {
            String body = response.body().string();
            int status = response.code();
            JsonNode root = parse(body);
            boolean json = root != null && root.has("success");
            List<CloudflareWire.Message> errors = json ? errors(root) : List.of();
            if (status >= 200 && status < 300 && json && root.path("success").asBoolean(false)) {
                return root;
            }
            if (status >= 200 && status < 300 && !json) {
                throw failures.notJson(status, body);
            }
            throw failures.http(status, errors, json, body, response.header("Retry-After"), zone, lookup, what);
        } catch (IOException e) {
            throw failures.unreachable(e, timeout());
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode root = mapper.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private List<CloudflareWire.Message> errors(JsonNode root) {
        JsonNode errors = root.path("errors");
        if (!errors.isArray()) {
            return List.of();
        }
        try {
            return mapper.convertValue(errors, mapper.getTypeFactory().constructCollectionType(List.class, CloudflareWire.Message.class));
        } catch (IllegalArgumentException e) {
            return List.of(); // an errors array of another shape: the HTTP status alone decides
        }
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        return convert(node, mapper.getTypeFactory().constructType(type));
    }

    private <T> T convert(JsonNode node, JavaType type) {
        try {
            T value = mapper.convertValue(node, type);
            if (value == null) {
                throw failures.notJson(200, node.toString());
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw failures.notJson(200, node.toString());
        }
    }

    private RequestBody json(Object value) {
        try {
            return RequestBody.create(mapper.writeValueAsString(value), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private HttpUrl.Builder url(String... segments) {
        HttpUrl.Builder b = endpoint.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b;
    }

    /** The endpoint as it may be shown: without user info or query. */
    String display() {
        return display(endpoint);
    }

    static String display(HttpUrl url) {
        String shown = url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
        return shown.endsWith("/") ? shown.substring(0, shown.length() - 1) : shown;
    }

    private String timeout() {
        long millis = http.callTimeoutMillis() > 0 ? http.callTimeoutMillis() : http.readTimeoutMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "CloudflareClient[" + display() + "]";
    }
}
