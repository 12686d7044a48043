package io.dnsfailover.providers.constellix;

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
 * Type {@code constellix}: a Constellix DNS account through the REST API v4.
 *
 * <p>Settings: {@code apiKey} and {@code secretKey} (both required, secret), the key pair of a Constellix
 * user; {@code endpoint} (optional, default {@value #DEFAULT_ENDPOINT}), the API base below which the
 * adapter appends {@code /search/domains}, {@code /domains/{id}/records}, ...
 *
 * <p>Capabilities: A, AAAA, CNAME and ANAME, and TXT for the ownership marker (its text as it is, see
 * {@link ConstellixWire#text}); TTLs from 0 s (Constellix documents 0 to 2147483647); no
 * conditional writes (the provider reads and compares just before writing); no sync signal (Constellix
 * has no per-change status).
 */
public final class ConstellixProviderFactory implements DnsProviderFactory {

    /** The API base URL of Constellix DNS v4. */
    public static final String DEFAULT_ENDPOINT = "https://api.dns.constellix.com/v4";

    static final Capabilities CAPABILITIES = new Capabilities(
            EnumSet.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.ANAME, RecordType.TXT), 0, false, false);

    /** For a whole call (connect, send, answer): a tick must not hang on a stalled API. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String type() {
        return "constellix";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(
                SettingSpec.secret("apiKey", true),
                SettingSpec.secret("secretKey", true),
                SettingSpec.optional("endpoint", DEFAULT_ENDPOINT));
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * {@inheritDoc} Checks that both keys are given and are printable ASCII without spaces (a key file's
     * final line break is the usual culprit), and that endpoint, when given, is an http(s) URL without query,
     * fragment or credentials.
     */
    @Override
    public Map<String, String> validate(ProviderSettings settings) {
        Map<String, String> problems = new LinkedHashMap<>();
        checkKey(settings, "apiKey", "CONSTELLIX_API_KEY", problems);
        checkKey(settings, "secretKey", "CONSTELLIX_SECRET_KEY", problems);
        String endpoint = settings.get("endpoint");
        if (endpoint != null) {
            AdapterHttp.EndpointProblem problem = AdapterHttp.endpointProblem(endpoint);
            if (problem == AdapterHttp.EndpointProblem.NOT_HTTP_URL) {
                problems.put("endpoint", "endpoint must be an http:// or https:// URL of the Constellix DNS API, e.g. "
                        + DEFAULT_ENDPOINT + ", but was '" + endpoint + "'");
            } else if (problem == AdapterHttp.EndpointProblem.QUERY_OR_FRAGMENT) {
                problems.put("endpoint", "endpoint must be the API base URL without query or fragment, e.g. "
                        + DEFAULT_ENDPOINT + ": the adapter appends /domains/... itself");
            } else if (problem == AdapterHttp.EndpointProblem.CREDENTIALS) {
                problems.put("endpoint", "endpoint must not contain a user name or password: Constellix authenticates"
                        + " with apiKey and secretKey");
            }
        }
        return problems;
    }

    private static void checkKey(ProviderSettings settings, String key, String variable, Map<String, String> problems) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            problems.put(key, "provider '" + settings.name() + "' needs " + key + ": the " + (key.equals("apiKey") ? "API key" : "secret key")
                    + " of a Constellix user, e.g. ${env:" + variable + "}");
        } else if (!AdapterHttp.headerSafe(value)) {
            // the API key goes into a header, and both are signed as bytes: say it here, without the value
            problems.put(key, key + " must be printable ASCII without spaces or line breaks (a line break at the end of"
                    + " a key file?)");
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when {@link #validate} finds problems (their messages, never a secret)
     */
    @Override
    public DnsProvider create(ProviderSettings settings) {
        return create(settings, TIMEOUT, Clock.systemUTC());
    }

    /** With another timeout and clock, so tests can stall the API briefly and recompute the exact token. */
    static ConstellixProvider create(ProviderSettings settings, Duration timeout, Clock clock) {
        Map<String, String> problems = new ConstellixProviderFactory().validate(settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("provider '" + settings.name() + "' (constellix): "
                    + String.join("; ", problems.values()));
        }
        OkHttpClient http = AdapterHttp.client(timeout);
        ConstellixAuth auth = new ConstellixAuth(settings.require("apiKey"), settings.require("secretKey"), clock);
        HttpUrl endpoint = HttpUrl.get(settings.get("endpoint", DEFAULT_ENDPOINT).trim());
        return new ConstellixProvider(settings.name(), new ConstellixClient(settings.name(), endpoint, auth, http));
    }
}
