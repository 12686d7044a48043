package io.dnsfailover.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.providers.http.AdapterHttp.EndpointProblem;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class AdapterHttpTest {

    @Test
    void theClientNeverRetriesNorFollowsRedirectsAndLimitsEveryCall() {
        OkHttpClient c = AdapterHttp.client(Duration.ofSeconds(7));
        assertThat(c.retryOnConnectionFailure()).isFalse();
        assertThat(c.followRedirects()).isFalse();
        assertThat(c.followSslRedirects()).isFalse();
        assertThat(c.callTimeoutMillis()).isEqualTo(7000);
        assertThat(c.connectTimeoutMillis()).isEqualTo(7000);
        assertThat(c.readTimeoutMillis()).isEqualTo(7000);
        assertThat(c.writeTimeoutMillis()).isEqualTo(7000);
    }

    @Test
    void acceptsAnHttpBaseUrlAndSaysWhatIsWrongWithOthers() {
        assertThat(AdapterHttp.endpointProblem("https://api.example.com/v4")).isNull();
        assertThat(AdapterHttp.endpointProblem(" http://127.0.0.1:8081 ")).isNull();
        assertThat(AdapterHttp.endpointProblem("ftp://x")).isEqualTo(EndpointProblem.NOT_HTTP_URL);
        assertThat(AdapterHttp.endpointProblem(" ")).isEqualTo(EndpointProblem.NOT_HTTP_URL);
        assertThat(AdapterHttp.endpointProblem(null)).isEqualTo(EndpointProblem.NOT_HTTP_URL);
        assertThat(AdapterHttp.endpointProblem("https://x.example/v4?a=b")).isEqualTo(EndpointProblem.QUERY_OR_FRAGMENT);
        assertThat(AdapterHttp.endpointProblem("https://x.example/v4#top")).isEqualTo(EndpointProblem.QUERY_OR_FRAGMENT);
        assertThat(AdapterHttp.endpointProblem("https://u:p@x.example/v4")).isEqualTo(EndpointProblem.CREDENTIALS);
    }

    @Test
    void aHeaderValueIsPrintableAsciiWithoutSpaces() {
        assertThat(AdapterHttp.headerSafe("abc-DEF_123.+/=")).isTrue();
        assertThat(AdapterHttp.headerSafe("key\n")).isFalse();
        assertThat(AdapterHttp.headerSafe("a b")).isFalse();
        assertThat(AdapterHttp.headerSafe("clé")).isFalse();
    }
}
