package io.dnsfailover.providers.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dnsfailover.providers.route53.Route53Stubs.assertSigned;
import static io.dnsfailover.providers.route53.Route53Stubs.changeInfo;
import static io.dnsfailover.providers.route53.Route53Stubs.error;
import static io.dnsfailover.providers.route53.Route53Stubs.failure;
import static io.dnsfailover.providers.route53.Route53Stubs.query;
import static io.dnsfailover.providers.route53.Route53Stubs.requests;
import static io.dnsfailover.providers.route53.Route53Stubs.xml;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.ProviderException.Kind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code awaitSync}: GetChange is polled until INSYNC, within the deadline. */
class Route53SyncTest {

    @RegisterExtension
    static WireMockExtension wm = Route53Stubs.extension();

    private static final String CHANGE = "/2013-04-01/change/C2682N5HXP0BZ4";
    private static final ApplyResult WRITTEN = new ApplyResult(1, Optional.of("C2682N5HXP0BZ4"));

    private Route53Provider provider;

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private Route53Provider provider() {
        provider = Route53Stubs.provider(wm);
        return provider;
    }

    private static void answers(String state, String next, int status, String body) {
        wm.stubFor(get(urlPathEqualTo(CHANGE)).inScenario("sync").whenScenarioStateIs(state).willReturn(xml(status, body))
                .willSetStateTo(next));
    }

    @Test
    void pollsGetChangeUntilInsync() {
        answers(Scenario.STARTED, "second", 200, changeInfo("GetChangeResponse", "/change/C2682N5HXP0BZ4", "PENDING"));
        answers("second", "third", 200, changeInfo("GetChangeResponse", "/change/C2682N5HXP0BZ4", "PENDING"));
        answers("third", "done", 200, changeInfo("GetChangeResponse", "/change/C2682N5HXP0BZ4", "INSYNC"));

        assertThat(provider().awaitSync(WRITTEN, Duration.ofSeconds(10))).isTrue();

        assertThat(requests(wm)).hasSize(3);
        assertSigned(wm, requests(wm).get(0), "GET", CHANGE, query(), null);
    }

    @Test
    void givesUpAtTheDeadlineWhileStillPending() {
        answers(Scenario.STARTED, Scenario.STARTED, 200, changeInfo("GetChangeResponse", "/change/C2682N5HXP0BZ4", "PENDING"));

        assertThat(provider().awaitSync(WRITTEN, Duration.ofMillis(200))).isFalse();
        assertThat(requests(wm)).isNotEmpty();
    }

    @Test
    void aThrottledPollIsJustAMissedLook() {
        answers(Scenario.STARTED, "calm", 400, error("Throttling", "Rate exceeded"));
        answers("calm", "done", 200, changeInfo("GetChangeResponse", "/change/C2682N5HXP0BZ4", "INSYNC"));

        assertThat(provider().awaitSync(WRITTEN, Duration.ofSeconds(10))).isTrue();
        assertThat(requests(wm)).hasSize(2);
    }

    @Test
    void anUnknownChangeIsNotFound() {
        answers(Scenario.STARTED, Scenario.STARTED, 404, error("NoSuchChange", "A change with the specified change ID does not exist."));

        assertThat(failure(() -> provider().awaitSync(WRITTEN, Duration.ofSeconds(10))).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void nothingWrittenIsInSyncWithoutAsking() {
        assertThat(provider().awaitSync(ApplyResult.of(0), Duration.ofSeconds(10))).isTrue();
        assertThat(requests(wm)).isEmpty();
    }
}
