package io.dnsfailover.providers.powerdns;

import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.SettingSpec;
import io.dnsfailover.providers.http.AdapterHttp;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Type {@code powerdns}: a self-hosted PowerDNS Authoritative server (4.x) through its HTTP API.
 *
 * <p>Settings: {@code endpoint} (required), the webserver base URL such as {@code http://127.0.0.1:8081},
 * below which the adapter appends {@code /api/v1/servers/{serverId}/zones/...}; {@code apiKey} (required,
 * secret), the {@code api-key} of pdns.conf; {@code serverId} (optional, default {@code localhost}).
 *
 * <p>Capabilities: A, AAAA, CNAME and TXT; TTLs down to 1 s; no conditional writes (PATCH replaces whatever
 * is there, so the provider reads and compares just before writing, and reports the writes the zone serial
 * shows landing in between as races); no sync signal (a PATCH is served by the next query, as it purges
 * PowerDNS's caches; secondaries follow by NOTIFY/AXFR, outside the API).
 */
public final class PowerDnsProviderFactory implements DnsProviderFactory {

    static final Capabilities CAPABILITIES =
            new Capabilities(EnumSet.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT), 1, false, false);

    /** For a whole call (connect, send, answer): a tick must not hang on a stalled server. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final String EXAMPLE = "http://127.0.0.1:8081";

    @Override
    public String type() {
        return "powerdns";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(
                SettingSpec.required("endpoint", EXAMPLE),
                SettingSpec.secret("apiKey", true),
                SettingSpec.optional("serverId", "localhost"));
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * {@inheritDoc} Checks that endpoint is an http(s) URL without query or credentials, that apiKey is given
     * and fits an HTTP header, and that serverId is not blank.
     */
    @Override
    public Map<String, String> validate(ProviderSettings settings) {
        Map<String, String> problems = new LinkedHashMap<>();
        String endpoint = settings.get("endpoint");
        if (endpoint == null || endpoint.isBlank()) {
            problems.put("endpoint", "provider '" + settings.name() + "' needs endpoint: the PowerDNS webserver URL, e.g. "
                    + EXAMPLE);
        } else {
            AdapterHttp.EndpointProblem problem = AdapterHttp.endpointProblem(endpoint);
            if (problem == AdapterHttp.EndpointProblem.NOT_HTTP_URL) {
                problems.put("endpoint", "endpoint must be an http:// or https:// URL of the PowerDNS webserver, e.g. "
                        + EXAMPLE + ", but was '" + endpoint + "'");
            } else if (problem == AdapterHttp.EndpointProblem.QUERY_OR_FRAGMENT) {
                problems.put("endpoint", "endpoint must be the webserver base URL without query or fragment, e.g. "
                        + EXAMPLE + ": the adapter appends /api/v1/... itself");
            } else if (problem == AdapterHttp.EndpointProblem.CREDENTIALS) {
                problems.put("endpoint", "endpoint must not contain a user name or password: PowerDNS authenticates"
                        + " with apiKey");
            }
        }
        String apiKey = settings.get("apiKey");
        if (apiKey == null || apiKey.isBlank()) {
            problems.put("apiKey", "provider '" + settings.name() + "' needs apiKey: the api-key of pdns.conf, e.g."
                    + " ${env:PDNS_API_KEY}");
        } else if (!AdapterHttp.headerSafe(apiKey)) {
            // OkHttp would refuse such a header value and quote it in its exception: say it here, without it
            problems.put("apiKey", "apiKey must be printable ASCII without spaces or line breaks"
                    + " (a line break at the end of a key file?)");
        }
        String serverId = settings.get("serverId");
        if (serverId != null && serverId.isBlank()) {
            problems.put("serverId", "serverId must not be blank: leave it out for the default, localhost");
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
    static PowerDnsProvider create(ProviderSettings settings, Duration timeout) {
        Map<String, String> problems = new PowerDnsProviderFactory().validate(settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("provider '" + settings.name() + "' (powerdns): "
                    + String.join("; ", problems.values()));
        }
        OkHttpClient http = AdapterHttp.client(timeout);
        PowerDnsClient client = new PowerDnsClient(settings.name(), HttpUrl.get(settings.require("endpoint").trim()),
                settings.require("apiKey"), settings.get("serverId", "localhost").trim(), http);
        return new PowerDnsProvider(settings.name(), client);
    }
}
