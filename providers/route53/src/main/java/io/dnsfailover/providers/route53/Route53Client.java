package io.dnsfailover.providers.route53;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The four Route 53 API calls the adapter makes, over OkHttp, each signed with SigV4 by
 * {@link Route53Signer}; every failure becomes a classified exception through {@link Route53Errors}.
 * Never retries (the controller does) and never follows redirects (a signed request is valid only for
 * the host it was signed for). Thread safe.
 */
final class Route53Client implements AutoCloseable {

    static final String API = "2013-04-01";
    private static final MediaType XML = MediaType.get("application/xml");

    private final HttpUrl endpoint;
    private final Route53Signer signer;
    private final OkHttpClient http;
    private final Route53Errors errors;

    /**
     * @param provider the config's name of the provider, for messages
     * @param endpoint the API base URL; {@code /2013-04-01/...} is appended below its path
     */
    Route53Client(String provider, HttpUrl endpoint, Route53Signer signer, OkHttpClient http) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.http = Objects.requireNonNull(http, "http");
        this.errors = new Route53Errors(Objects.requireNonNull(provider, "provider"), where(), signer);
    }

    /**
     * ListHostedZonesByName: zones in order of reversed name, from {@code dnsName} (and, when paging,
     * {@code startZoneId}) on; the first may well be another zone.
     *
     * @param zone the zone looked for, for messages
     */
    Route53Wire.HostedZones hostedZonesByName(String dnsName, String startZoneId, int maxItems, String zone) {
        HttpUrl.Builder url = api("hostedzonesbyname").addQueryParameter("dnsname", dnsName);
        if (startZoneId != null) {
            url.addQueryParameter("hostedzoneid", startZoneId);
        }
        url.addQueryParameter("maxitems", String.valueOf(maxItems));
        String body = call(new Request.Builder().url(url.build()).get().build(), null, "look up zone " + zone, zone);
        return parse(body, "ListHostedZonesByNameResponse", Route53Wire.HostedZones.class);
    }

    /**
     * ListResourceRecordSets from {@code name} and {@code type} on (the first set may belong to another name).
     *
     * @param identifier NextRecordIdentifier of the previous page, or null
     */
    Route53Wire.RecordSets recordSets(String zoneId, String zone, String name, String type, String identifier, int maxItems) {
        HttpUrl.Builder url = api("hostedzone").addPathSegment(zoneId).addPathSegment("rrset")
                .addQueryParameter("name", name)
                .addQueryParameter("type", type);
        if (identifier != null) {
            url.addQueryParameter("identifier", identifier);
        }
        url.addQueryParameter("maxitems", String.valueOf(maxItems));
        String body = call(new Request.Builder().url(url.build()).get().build(), null,
                "list the record sets of " + name + " " + type, zone);
        return parse(body, "ListResourceRecordSetsResponse", Route53Wire.RecordSets.class);
    }

    /**
     * ChangeResourceRecordSets: one transactional batch ({@code POST .../rrset/}, with the trailing slash
     * the AWS SDKs send).
     *
     * @param what the change, for messages, e.g. "change atlanta1.example.com A"
     */
    Route53Wire.ChangeInfo changeRecordSets(String zoneId, String zone, String batchXml, String what) {
        byte[] body = batchXml.getBytes(StandardCharsets.UTF_8);
        HttpUrl url = api("hostedzone").addPathSegment(zoneId).addPathSegment("rrset").addPathSegment("").build();
        String answer = call(new Request.Builder().url(url).post(RequestBody.create(body, XML)).build(), body, what, zone);
        return changeInfo(answer, "ChangeResourceRecordSetsResponse");
    }

    /** GetChange: PENDING until every Route 53 name server has the change, then INSYNC. */
    Route53Wire.ChangeInfo change(String changeId) {
        HttpUrl url = api("change").addPathSegment(changeId).build();
        String answer = call(new Request.Builder().url(url).get().build(), null, "get the status of change " + changeId, null);
        return changeInfo(answer, "GetChangeResponse");
    }

    private Route53Wire.ChangeInfo changeInfo(String answer, String root) {
        Route53Wire.ChangeResponse response = parse(answer, root, Route53Wire.ChangeResponse.class);
        if (response.changeInfo == null || response.changeInfo.id == null) {
            throw errors.notXml(200, answer, root + " with a ChangeInfo");
        }
        return response.changeInfo;
    }

    /** Signs and sends the request; returns the body of a 2xx answer, and throws a classified failure otherwise. */
    private String call(Request unsigned, byte[] body, String what, String zone) {
        Request request = signer.sign(unsigned, body);
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            int code = response.code();
            if (code >= 200 && code < 300) {
                return text;
            }
            throw errors.classify(code, text, response.header("Retry-After"), response.header("Date"),
                    response.header("Location"), what, zone);
        } catch (IOException e) {
            throw errors.transport(e, timeout());
        }
    }

    private <T> T parse(String body, String root, Class<T> type) {
        T parsed = Route53Wire.read(body, root, type);
        if (parsed == null) {
            throw errors.notXml(200, body, root);
        }
        return parsed;
    }

    private HttpUrl.Builder api(String resource) {
        return endpoint.newBuilder().addPathSegment(API).addPathSegment(resource);
    }

    /** "Route 53", or "Route 53 at URL" for any endpoint but AWS's own (a proxy, a sandbox, a test). */
    String where() {
        String shown = display();
        return shown.equals(Route53ProviderFactory.DEFAULT_ENDPOINT) ? "Route 53" : "Route 53 at " + shown;
    }

    /** The endpoint without user info or query. */
    String display() {
        String shown = endpoint.newBuilder().username("").password("").query(null).build().toString();
        return shown.endsWith("/") ? shown.substring(0, shown.length() - 1) : shown;
    }

    Route53Errors errors() {
        return errors;
    }

    private String timeout() {
        long millis = http.callTimeoutMillis() > 0 ? http.callTimeoutMillis() : http.readTimeoutMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        signer.close();
    }

    @Override
    public String toString() {
        return "Route53Client[" + display() + ", " + signer + "]";
    }
}
