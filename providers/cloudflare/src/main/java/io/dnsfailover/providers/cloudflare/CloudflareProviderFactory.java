package io.dnsfailover.providers.cloudflare;

import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.SettingSpec;
import io.dnsfailover.providers.http.AdapterHttp;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Type {@code cloudflare}: DNS records of a Cloudflare zone through the API v4.
 *
 * <p>Settings: {@code apiToken} (required, secret), an API token with Zone:Zone:Read and Zone:DNS:Edit on
 * the zones it manages; {@code endpoint} (optional, default {@value #DEFAULT_ENDPOINT}), the API base URL
 * below which the adapter appends {@code /zones/...}, for a proxy or a test server.
 *
 * <p>Capabilities: A, AAAA and CNAME (Cloudflare has no ANAME; it flattens a CNAME at the apex), and TXT for
 * the ownership marker (written as quoted character-strings, see {@link CloudflareWire#content}); TTLs from
 * 60 s (Cloudflare's floor outside Enterprise plans, which allow 30 s; its "automatic" TTL 1 is read as
 * 300 s); no conditional writes (the provider reads and compares just before writing); no sync signal;
 * proxied records (read as {@link io.dnsfailover.providers.RecordSet#proxied() proxied}, TTL 300 s).
 */
public final class CloudflareProviderFactory implements DnsProviderFactory {

    /** Cloudflare's API base URL. */
    public static final String DEFAULT_ENDPOINT = "https://api.cloudflare.com/client/v4";

    static final Capabilities CAPABILITIES =
            new Capabilities(EnumSet.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT), 60, false, false, true);

    /** For a whole call (connect, send, answer): a tick must not hang on a stalled connection. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final String API_TOKEN = "apiToken";
    static final String ENDPOINT = "endpoint";

    /** Needed by {@link java.util.ServiceLoader}. */
    public CloudflareProviderFactory() {}

    @Override
    public String type() {
        return "cloudflare";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(SettingSpec.secret(API_TOKEN, true), SettingSpec.optional(ENDPOINT, DEFAULT_ENDPOINT));
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * {@inheritDoc} Checks that apiToken is given and fits an HTTP header (and carries no {@code Bearer }
     * prefix), and that endpoint, when given, is an http(s) URL without query, fragment or credentials.
     */
    @Override
    public Map<String, String> validate(ProviderSettings settings) {
        Map<String, String> problems = new LinkedHashMap<>();
        String token = settings.get(API_TOKEN);
        if (token == null || token.isBlank()) {
            problems.put(API_TOKEN, "provider '" + settings.name() + "' needs apiToken: a Cloudflare API token with"
                    + " Zone:DNS:Edit, e.g. ${env:CLOUDFLARE_API_TOKEN}");
        } else if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            problems.put(API_TOKEN, "apiToken must be the token alone: leave out the 'Bearer ' prefix, the adapter adds it");
        } else if (!AdapterHttp.headerSafe(token)) {
            // OkHttp would refuse such a header value and quote it in its exception: say it here, without it
            problems.put(API_TOKEN, "apiToken must be printable ASCII without spaces or line breaks"
                    + " (a line break at the end of a token file?)");
        }
        String endpoint = settings.get(ENDPOINT);
        if (endpoint != null) {
            AdapterHttp.EndpointProblem problem = AdapterHttp.endpointProblem(endpoint);
            if (problem == AdapterHttp.EndpointProblem.NOT_HTTP_URL) {
                problems.put(ENDPOINT, "endpoint must be an http:// or https:// URL, e.g. " + DEFAULT_ENDPOINT
                        + " (the default), but was '" + endpoint + "'");
            } else if (problem == AdapterHttp.EndpointProblem.QUERY_OR_FRAGMENT) {
                problems.put(ENDPOINT, "endpoint must be the API base URL without query or fragment, e.g. "
                        + DEFAULT_ENDPOINT + ": the adapter appends /zones/... itself");
            } else if (problem == AdapterHttp.EndpointProblem.CREDENTIALS) {
                problems.put(ENDPOINT, "endpoint must not contain a user name or password: Cloudflare authenticates"
                        + " with apiToken");
            }
        }
        return problems;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when {@link #validate} finds problems (their messages, never a secret)
     */
    @Override
    public DnsProvider create(ProviderSettings settings) {
        return create(settings, TIMEOUT);
    }

    /** With another timeout, so that tests of a stalled server need not wait ten seconds. */
    static CloudflareProvider create(ProviderSettings settings, Duration timeout) {
        Map<String, String> problems = new CloudflareProviderFactory().validate(settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("provider '" + settings.name() + "' (cloudflare): "
                    + String.join("; ", problems.values()));
        }
        OkHttpClient http = AdapterHttp.client(timeout);
        HttpUrl endpoint = HttpUrl.get(settings.get(ENDPOINT, DEFAULT_ENDPOINT).trim());
        String token = settings.require(API_TOKEN);
        CloudflareFailures failures = new CloudflareFailures(settings.name(), CloudflareClient.display(endpoint), token,
                Clock.systemUTC());
        return new CloudflareProvider(settings.name(), new CloudflareClient(endpoint, token, http, failures));
    }
}
