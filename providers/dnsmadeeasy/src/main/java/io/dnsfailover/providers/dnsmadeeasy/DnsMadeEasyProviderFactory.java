package io.dnsfailover.providers.dnsmadeeasy;

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
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Type {@code dnsmadeeasy}: a DNS Made Easy account through its REST API v2.0.
 *
 * <p>Settings: {@code apiKey} and {@code secretKey} (both required and secret; from Account Information
 * in the DNS Made Easy control panel); {@code sandbox} (optional, {@code true} or {@code false}, default
 * false) selects {@value #SANDBOX} instead of {@value #PRODUCTION}; {@code endpoint} (optional) overrides
 * either, for a proxy or a test stub, and wins over {@code sandbox}. The adapter appends
 * {@code /dns/managed/...} below the endpoint.
 *
 * <p>Capabilities: A, AAAA, CNAME and ANAME (DNS Made Easy's own alias type), and TXT for the ownership
 * marker (one quoted string, see {@link DnsMadeEasyWire#value}); a minimum TTL of 60 s
 * (DNS Made Easy documents none; 60 s is the conservative floor, see the README); no conditional writes
 * (the API has no precondition, so the provider reads and compares just before writing); no sync signal.
 */
public final class DnsMadeEasyProviderFactory implements DnsProviderFactory {

    /** The production API. */
    public static final String PRODUCTION = "https://api.dnsmadeeasy.com/V2.0";

    /** The sandbox, a separate environment with its own account and keys. */
    public static final String SANDBOX = "https://api.sandbox.dnsmadeeasy.com/V2.0";

    static final Capabilities CAPABILITIES = new Capabilities(
            EnumSet.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.ANAME, RecordType.TXT), 60, false, false);

    /** For a whole call (connect, send, answer): a tick must not hang on a stalled API. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String type() {
        return "dnsmadeeasy";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(
                SettingSpec.secret("apiKey", true),
                SettingSpec.secret("secretKey", true),
                SettingSpec.optional("sandbox", "false"),
                SettingSpec.optional("endpoint", PRODUCTION));
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * {@inheritDoc} Checks that both keys are given and fit an HTTP header, that sandbox is true or false,
     * and that endpoint, when given, is an http(s) URL without query, fragment or credentials.
     */
    @Override
    public Map<String, String> validate(ProviderSettings settings) {
        Map<String, String> problems = new LinkedHashMap<>();
        key(settings, "apiKey", "the API key", problems);
        key(settings, "secretKey", "the secret key", problems);
        String sandbox = settings.get("sandbox");
        if (sandbox != null && !sandbox.trim().equalsIgnoreCase("true") && !sandbox.trim().equalsIgnoreCase("false")) {
            problems.put("sandbox", "sandbox must be true or false, but was '" + sandbox + "'");
        }
        String endpoint = settings.get("endpoint");
        if (endpoint != null) {
            AdapterHttp.EndpointProblem problem = AdapterHttp.endpointProblem(endpoint);
            if (problem == AdapterHttp.EndpointProblem.NOT_HTTP_URL) {
                problems.put("endpoint", "endpoint must be an http:// or https:// URL such as " + PRODUCTION + ", but was '"
                        + endpoint + "'");
            } else if (problem == AdapterHttp.EndpointProblem.QUERY_OR_FRAGMENT) {
                problems.put("endpoint", "endpoint must be the API base URL without query or fragment, e.g. " + PRODUCTION
                        + ": the adapter appends /dns/managed/... itself");
            } else if (problem == AdapterHttp.EndpointProblem.CREDENTIALS) {
                problems.put("endpoint", "endpoint must not contain a user name or password: DNS Made Easy authenticates"
                        + " with apiKey and secretKey");
            }
        }
        return problems;
    }

    private static void key(ProviderSettings settings, String name, String what, Map<String, String> problems) {
        String value = settings.get(name);
        if (value == null || value.isBlank()) {
            problems.put(name, "provider '" + settings.name() + "' needs " + name + ": " + what + " from Account Information"
                    + " in the DNS Made Easy control panel, e.g. ${env:DME_" + name.replace("Key", "").toUpperCase(Locale.ROOT)
                    + "_KEY}");
        } else if (!AdapterHttp.headerSafe(value)) {
            // OkHttp would refuse the header (apiKey) or the HMAC would silently differ (secretKey): say it here
            problems.put(name, name + " must be printable ASCII without spaces or line breaks"
                    + " (a line break at the end of a key file?)");
        }
    }

    /** The API base URL the settings select: endpoint if given, else sandbox or production. */
    static HttpUrl endpoint(ProviderSettings settings) {
        String endpoint = settings.get("endpoint");
        if (endpoint != null && !endpoint.isBlank()) {
            return HttpUrl.get(endpoint.trim());
        }
        return HttpUrl.get("true".equalsIgnoreCase(settings.get("sandbox", "false").trim()) ? SANDBOX : PRODUCTION);
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

    /** With another timeout and clock, so tests can stall the API briefly and check the signed date exactly. */
    static DnsMadeEasyProvider create(ProviderSettings settings, Duration timeout, Clock clock) {
        Map<String, String> problems = new DnsMadeEasyProviderFactory().validate(settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("provider '" + settings.name() + "' (dnsmadeeasy): "
                    + String.join("; ", problems.values()));
        }
        OkHttpClient http = AdapterHttp.client(timeout);
        RequestSigner signer = new RequestSigner(settings.require("apiKey"), settings.require("secretKey"), clock);
        RateBudget budget = new RateBudget(clock);
        DnsMadeEasyClient client = new DnsMadeEasyClient(settings.name(), endpoint(settings), signer, budget, http);
        return new DnsMadeEasyProvider(settings.name(), client);
    }
}
