package io.dnsfailover.providers.dnsmadeeasy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS Made Easy REST API v2.0 over OkHttp: signs every request ({@link RequestSigner}), reads the
 * rate budget off every answer ({@link RateBudget}) and classifies every failure
 * ({@link DnsMadeEasyFailures}). Never retries (the controller does), never follows redirects (they
 * would carry the signed headers elsewhere), never logs a header. Thread safe.
 */
final class DnsMadeEasyClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsMadeEasyClient.class);

    /** Exactly this: OkHttp would append "; charset=utf-8" to a String body, and DME wants plain JSON. */
    private static final MediaType JSON = MediaType.get("application/json");

    /** Each page costs a request of the account's budget; a name and type never fill this many. */
    private static final int MAX_PAGES = 20;

    private final HttpUrl endpoint;
    private final RequestSigner signer;
    private final RateBudget budget;
    private final OkHttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final DnsMadeEasyFailures failures;

    /** One answer: status, body and headers, with the date the request was signed with. */
    private record Answer(int code, String body, Headers headers, String sentDate) {}

    /**
     * @param provider the config's name of the provider, for messages
     * @param endpoint the API base URL, e.g. {@code https://api.dnsmadeeasy.com/V2.0}; {@code /dns/managed/...} is appended
     */
    DnsMadeEasyClient(String provider, HttpUrl endpoint, RequestSigner signer, RateBudget budget, OkHttpClient http) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.http = Objects.requireNonNull(http, "http");
        this.failures = new DnsMadeEasyFailures(Objects.requireNonNull(provider, "provider"), display(), signer, budget, mapper);
    }

    RateBudget budget() {
        return budget;
    }

    DnsMadeEasyFailures failures() {
        return failures;
    }

    /**
     * The domain named exactly {@code zone}: {@code GET /dns/managed/name?domainname=zone}. A domain of
     * another name in the answer is treated as absent, never used.
     */
    DnsMadeEasyWire.Domain domain(String zone) {
        String what = "look up zone " + zone;
        HttpUrl url = managed().addPathSegment("name").addQueryParameter("domainname", zone).build();
        Answer answer = check(send(new Request.Builder().url(url).get(), what), what, () -> failures.unknownZone(zone));
        DnsMadeEasyWire.Domain domain = DnsMadeEasyWire.Domain.of(json(answer, what));
        if (domain == null) {
            throw failures.notJson(answer.code(), answer.body(), what);
        }
        if (!trimDot(domain.name()).equalsIgnoreCase(zone)) {
            throw failures.unknownZone(zone);
        }
        return domain;
    }

    /**
     * The records of {@code name} (relative, {@code ""} for the apex) and {@code type}, every page of them:
     * {@code GET /dns/managed/{id}/records?recordName=...&type=...}. The server filters; the caller still
     * checks name and type. DNS Made Easy sends every record in one page by default; further pages follow
     * the server's own page numbers, and a record seen twice (a page asked for again) counts once.
     */
    List<DnsMadeEasyWire.Row> records(DnsMadeEasyWire.Domain domain, String name, String type, String what) {
        HttpUrl url = records(domain).addQueryParameter("recordName", name).addQueryParameter("type", type).build();
        Supplier<ProviderException> gone = () -> failures.zoneGone(domain.name(), domain.id());
        DnsMadeEasyWire.Page page = page(check(send(new Request.Builder().url(url).get(), what), what, gone), what);
        Map<Long, DnsMadeEasyWire.Row> rows = new LinkedHashMap<>();
        collect(page, rows, what);
        int index = page.page();
        // one request more than totalPages is allowed, in case the server counts pages from 1 but said 0
        int allowed = Math.min(page.totalPages(), MAX_PAGES);
        for (int asked = 1; rows.size() < page.totalRecords() && asked <= allowed; asked++) {
            index++;
            HttpUrl next = url.newBuilder().addQueryParameter("page", String.valueOf(index)).build();
            DnsMadeEasyWire.Page more = page(check(send(new Request.Builder().url(next).get(), what), what, gone), what);
            if (more.data().isEmpty()) {
                break;
            }
            collect(more, rows, what);
        }
        return List.copyOf(rows.values());
    }

    /**
     * {@code POST /dns/managed/{id}/records/}. A 400 saying the record already exists means someone wrote
     * the same value meanwhile: what was wanted is there, so that counts as done.
     */
    void create(DnsMadeEasyWire.Domain domain, ObjectNode record, String what) {
        Request.Builder post = new Request.Builder().url(records(domain).addPathSegment("").build()).post(body(record));
        Answer answer = send(post, what);
        if (answer.code() == 400 && String.join(" ", failures.messages(answer.body())).toLowerCase(Locale.ROOT).contains("already exists")
                && !failures.rateLimited(answer.code(), answer.body(), answer.headers())) {
            log.info("{}: DNS Made Easy says it already exists; counted as done", what);
            return;
        }
        check(answer, what, null);
    }

    /** {@code PUT /dns/managed/{id}/records/{recordId}/} with the record (see {@link DnsMadeEasyWire.Row#changed}); a 404 means it was deleted meanwhile. */
    void update(DnsMadeEasyWire.Domain domain, long recordId, ObjectNode record, String what) {
        HttpUrl url = records(domain).addPathSegment(String.valueOf(recordId)).addPathSegment("").build();
        check(send(new Request.Builder().url(url).put(body(record)), what), what, () -> failures.fail(Kind.CONFLICT,
                "record " + recordId + " disappeared before it could be updated (" + what + "): someone changed the record"
                        + " meanwhile; re-read before writing", null));
    }

    /** {@code DELETE /dns/managed/{id}/records/{recordId}/}; a record already gone counts as deleted. */
    void delete(DnsMadeEasyWire.Domain domain, long recordId, String what) {
        HttpUrl url = records(domain).addPathSegment(String.valueOf(recordId)).addPathSegment("").build();
        Answer answer = send(new Request.Builder().url(url).delete(), what);
        if (answer.code() == 404 && !failures.rateLimited(answer.code(), answer.body(), answer.headers())) {
            return;
        }
        check(answer, what, null);
    }

    /** Signs and sends; notes the rate budget; transport failures become ProviderExceptions. */
    private Answer send(Request.Builder request, String what) {
        RequestSigner.Signature signature = signer.sign();
        Request req = request
                .header(RequestSigner.API_KEY, signature.apiKey())
                .header(RequestSigner.REQUEST_DATE, signature.date())
                .header(RequestSigner.HMAC, signature.hmac())
                .header("Accept", "application/json")
                .build();
        try (Response response = http.newCall(req).execute()) {
            String body = response.body().string();
            Answer answer = new Answer(response.code(), body, response.headers(), signature.date());
            if (!failures.rateLimited(answer.code(), body, answer.headers())) {
                budget.answered(answer.headers().get(DnsMadeEasyFailures.LIMIT), answer.headers().get(DnsMadeEasyFailures.REMAINING));
            }
            log.debug("DNS Made Easy {} {} -> HTTP {} ({})", req.method(), req.url().encodedPath(), answer.code(), budget.describe());
            return answer;
        } catch (IOException e) {
            throw failures.unreachable(e, timeout());
        }
    }

    private Answer check(Answer answer, String what, Supplier<ProviderException> notFound) {
        if (answer.code() >= 200 && answer.code() < 300) {
            return answer;
        }
        throw failures.classify(answer.code(), answer.body(), answer.headers(), answer.sentDate(), what, notFound);
    }

    private JsonNode json(Answer answer, String what) {
        try {
            JsonNode node = mapper.readTree(answer.body());
            if (node == null || !node.isObject()) {
                throw failures.notJson(answer.code(), answer.body(), what);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw failures.notJson(answer.code(), answer.body(), what);
        }
    }

    private DnsMadeEasyWire.Page page(Answer answer, String what) {
        DnsMadeEasyWire.Page page = DnsMadeEasyWire.Page.of(json(answer, what));
        if (page == null) {
            throw failures.notJson(answer.code(), answer.body(), what);
        }
        return page;
    }

    private void collect(DnsMadeEasyWire.Page page, Map<Long, DnsMadeEasyWire.Row> rows, String what) {
        for (ObjectNode item : page.data()) {
            DnsMadeEasyWire.Row row = DnsMadeEasyWire.Row.of(item);
            if (row == null) {
                throw failures.fail(Kind.UNAVAILABLE, failures.where() + " sent a record without id, name, type or value to "
                        + what + ": check that endpoint is the DNS Made Easy API", null);
            }
            rows.putIfAbsent(row.id(), row);
        }
    }

    private RequestBody body(ObjectNode record) {
        try {
            return RequestBody.create(mapper.writeValueAsString(record).getBytes(StandardCharsets.UTF_8), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a record", e);
        }
    }

    private HttpUrl.Builder managed() {
        return endpoint.newBuilder().addPathSegments("dns/managed");
    }

    private HttpUrl.Builder records(DnsMadeEasyWire.Domain domain) {
        return managed().addPathSegment(String.valueOf(domain.id())).addPathSegment("records");
    }

    /** The endpoint without user info (which may hold a password) and without the trailing slash. */
    String display() {
        String shown = endpoint.newBuilder().username("").password("").query(null).build().toString();
        return shown.endsWith("/") ? shown.substring(0, shown.length() - 1) : shown;
    }

    private String timeout() {
        long millis = http.callTimeoutMillis() > 0 ? http.callTimeoutMillis() : http.readTimeoutMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
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
        return "DnsMadeEasyClient[" + display() + ", " + budget + "]";
    }
}
