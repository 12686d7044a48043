package io.dnsfailover.providers.http;

import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The HTTP rules every HTTP provider adapter follows, in one place: how its client behaves, which
 * endpoints it accepts, which credential values can travel in a header. Each adapter keeps its own
 * sentences for users; the rules themselves are here.
 */
public final class AdapterHttp {

    /** Why an endpoint setting is refused. */
    public enum EndpointProblem {
        /** not an http:// or https:// URL */
        NOT_HTTP_URL,
        /** a query or fragment: the endpoint is a base URL, the adapter appends the API's paths */
        QUERY_OR_FRAGMENT,
        /** a user name or password in the URL: adapters authenticate with their own settings */
        CREDENTIALS
    }

    private AdapterHttp() {}

    /**
     * A client whose every call ends within {@code timeout} (connect, send, answer) and which never retries
     * nor follows a redirect: adapters never retry (the controller's wrapper does, within the provider's
     * budget), and a redirect would carry credentials headers (API keys, tokens, signatures) to wherever it
     * points — OkHttp strips only {@code Authorization}, and only when the host changes.
     */
    public static OkHttpClient client(Duration timeout) {
        return new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    /** What is wrong with {@code endpoint}, or {@code null} when it is an acceptable API base URL. */
    public static EndpointProblem endpointProblem(String endpoint) {
        HttpUrl url = endpoint == null || endpoint.isBlank() ? null : HttpUrl.parse(endpoint.trim());
        if (url == null) {
            return EndpointProblem.NOT_HTTP_URL;
        }
        if (url.query() != null || url.fragment() != null) {
            return EndpointProblem.QUERY_OR_FRAGMENT;
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            return EndpointProblem.CREDENTIALS;
        }
        return null;
    }

    /**
     * True when {@code value} can be sent in an HTTP header as it is: printable ASCII without spaces. OkHttp
     * refuses anything else and quotes the value in its exception, so adapters check credentials with this
     * when the config loads and say what is wrong without the value (often a line break at the end of a file).
     */
    public static boolean headerSafe(String value) {
        return value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
