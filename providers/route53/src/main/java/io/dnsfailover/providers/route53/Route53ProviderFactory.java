package io.dnsfailover.providers.route53;

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
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Type {@code route53}: hosted zones in Amazon Route 53, through its REST/XML API signed with SigV4.
 *
 * <p>Settings, all optional: {@code accessKeyId} and {@code secretAccessKey} (secrets, both or neither);
 * {@code profile}, a profile of the shared AWS files; without either, the AWS SDK's default credential
 * chain (environment, {@code AWS_PROFILE} and the shared files, web identity where the STS module is
 * present, container and instance roles). {@code endpoint} (default {@value #DEFAULT_ENDPOINT}), below
 * which the adapter appends {@code /2013-04-01/...}.
 *
 * <p>Capabilities: A, AAAA and CNAME, and TXT for the ownership marker (quoted strings, see
 * {@link Route53Wire#value}); TTL 0 and up; conditional writes (a change batch that DELETEs the read set
 * exactly and CREATEs the new one fails as a whole when the set changed; the changes of one apply to one
 * zone, a marker and its record, go in one batch); a sync signal (GetChange INSYNC).
 */
public final class Route53ProviderFactory implements DnsProviderFactory {

    static final String DEFAULT_ENDPOINT = "https://route53.amazonaws.com";
    static final String ACCESS_KEY_ID = "accessKeyId";
    static final String SECRET_ACCESS_KEY = "secretAccessKey";
    static final String PROFILE = "profile";
    static final String ENDPOINT = "endpoint";

    static final Capabilities CAPABILITIES =
            new Capabilities(EnumSet.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT), 0, true, true);

    /** AWS documents access key ids as 16 to 128 word characters (AKIA... for users, ASIA... temporary). */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9]{16,128}");

    /**
     * How a provider is built, so that tests can fix the signing clock and shorten the waits.
     *
     * @param timeout for a whole call: a tick must not hang on a stalled connection
     * @param clock the signing time
     * @param firstPoll the wait before the first GetChange; it doubles up to {@code maxPoll}
     */
    record Options(Duration timeout, Clock clock, Duration firstPoll, Duration maxPoll) {
        static final Options DEFAULT = new Options(Duration.ofSeconds(10), Clock.systemUTC(), Duration.ofSeconds(1),
                Duration.ofSeconds(10));
    }

    /** Needed by {@link java.util.ServiceLoader}. */
    public Route53ProviderFactory() {}

    @Override
    public String type() {
        return "route53";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(
                SettingSpec.secret(ACCESS_KEY_ID, false),
                SettingSpec.secret(SECRET_ACCESS_KEY, false),
                SettingSpec.optional(PROFILE, "dnsfailover (a profile in ~/.aws/credentials or ~/.aws/config)"),
                SettingSpec.optional(ENDPOINT, DEFAULT_ENDPOINT));
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * {@inheritDoc} Checks, without I/O: the keys come together and look like AWS keys (their values are
     * never shown), a profile is not given with them, and endpoint is an http(s) URL without query or
     * credentials.
     */
    @Override
    public Map<String, String> validate(ProviderSettings settings) {
        Map<String, String> problems = new LinkedHashMap<>();
        String keyId = value(settings, ACCESS_KEY_ID);
        String secret = value(settings, SECRET_ACCESS_KEY);
        String profile = value(settings, PROFILE);
        if (keyId != null && secret == null) {
            problems.put(SECRET_ACCESS_KEY, "secretAccessKey is needed with accessKeyId: the secret of that access key, e.g."
                    + " ${env:AWS_SECRET_ACCESS_KEY}");
        }
        if (secret != null && keyId == null) {
            problems.put(ACCESS_KEY_ID, "accessKeyId is needed with secretAccessKey: the id of that access key, e.g."
                    + " ${env:AWS_ACCESS_KEY_ID}");
        }
        if (keyId != null && !KEY_ID.matcher(keyId).matches()) {
            problems.put(ACCESS_KEY_ID, "accessKeyId must be an AWS access key id, 16 to 128 letters and digits such as"
                    + " AKIA... (value not shown; a line break at the end of a key file?)");
        } else if (keyId != null && keyId.startsWith("ASIA")) {
            problems.put(ACCESS_KEY_ID, "accessKeyId is a temporary key (ASIA...), which needs a session token these settings"
                    + " cannot carry: use profile, or leave the keys out so that the AWS_* environment variables are used");
        }
        if (secret != null && !AdapterHttp.headerSafe(secret)) {
            problems.put(SECRET_ACCESS_KEY, "secretAccessKey must be printable ASCII without spaces or line breaks (value not"
                    + " shown; a line break at the end of a key file?)");
        }
        if (profile != null && (keyId != null || secret != null)) {
            problems.put(PROFILE, "give either accessKeyId and secretAccessKey or profile, not both");
        } else if (settings.get(PROFILE) != null && profile == null) {
            problems.put(PROFILE, "profile must not be blank: leave it out to use the default AWS credential chain");
        }
        String endpoint = settings.get(ENDPOINT);
        if (endpoint != null) {
            AdapterHttp.EndpointProblem problem = AdapterHttp.endpointProblem(endpoint);
            if (problem == AdapterHttp.EndpointProblem.NOT_HTTP_URL) {
                problems.put(ENDPOINT, "endpoint must be an http:// or https:// URL, e.g. " + DEFAULT_ENDPOINT + ", but was '"
                        + endpoint + "'");
            } else if (problem == AdapterHttp.EndpointProblem.QUERY_OR_FRAGMENT) {
                problems.put(ENDPOINT, "endpoint must be the API base URL without query or fragment, e.g. " + DEFAULT_ENDPOINT
                        + ": the adapter appends /2013-04-01/... itself");
            } else if (problem == AdapterHttp.EndpointProblem.CREDENTIALS) {
                problems.put(ENDPOINT, "endpoint must not contain a user name or password: Route 53 requests are signed with"
                        + " the AWS credentials");
            }
        }
        return problems;
    }

    /**
     * {@inheritDoc} Resolves no credentials yet: that happens per request.
     *
     * @throws IllegalArgumentException when {@link #validate} finds problems (their messages, never a secret)
     */
    @Override
    public DnsProvider create(ProviderSettings settings) {
        return create(settings, Options.DEFAULT);
    }

    static Route53Provider create(ProviderSettings settings, Options options) {
        Map<String, String> problems = new Route53ProviderFactory().validate(settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("provider '" + settings.name() + "' (route53): " + String.join("; ", problems.values()));
        }
        String keyId = value(settings, ACCESS_KEY_ID);
        String profile = value(settings, PROFILE);
        AwsCredentialsProvider credentials;
        String source;
        if (keyId != null) {
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, value(settings, SECRET_ACCESS_KEY)));
            source = "accessKeyId and secretAccessKey of provider '" + settings.name() + "'";
        } else if (profile != null) {
            credentials = ProfileCredentialsProvider.builder().profileName(profile).build();
            source = "profile '" + profile + "' in the shared AWS files (~/.aws/credentials and ~/.aws/config, or"
                    + " AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE)";
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
            source = "the default AWS credential chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE and"
                    + " ~/.aws/credentials, a container or instance role)";
        }
        Duration timeout = options.timeout();
        OkHttpClient http = AdapterHttp.client(timeout);
        Route53Signer signer = new Route53Signer(settings.name(), credentials, source, options.clock());
        HttpUrl endpoint = HttpUrl.get(settings.get(ENDPOINT, DEFAULT_ENDPOINT).trim());
        Route53Client client = new Route53Client(settings.name(), endpoint, signer, http);
        return new Route53Provider(settings.name(), client, options.firstPoll(), options.maxPoll());
    }

    /** Trimmed; null when absent or blank (an unset ${env:...} resolves to blank). */
    private static String value(ProviderSettings settings, String key) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
