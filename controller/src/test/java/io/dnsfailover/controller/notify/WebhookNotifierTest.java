package io.dnsfailover.controller.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.dnsfailover.controller.config.NotifierConfig;
import io.dnsfailover.controller.config.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A hang in a background thread must fail the build, not stall it. */
@Timeout(60)
class WebhookNotifierTest {

    private static final String PATH = "/hooks/T0KEN-abc123";
    private static final String HEADER_SECRET = "Bearer header-s3cret";
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Notifications.Retry FAST = new Notifications.Retry(5, Duration.ofMillis(1), Duration.ofMillis(5));

    @RegisterExtension
    static final WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @Test
    void postsTheNotificationAsJsonWithTheConfiguredHeaders() throws Exception {
        wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(204)));

        webhook().send(Samples.failover());

        String expected = "{\"kind\":\"failover\",\"phase\":\"event\",\"group\":\"atlanta1\",\"at\":\"2026-11-21T12:00:03Z\","
                + "\"summary\":\"atlanta1: failed over from primary to backup1\",\"evidence\":["
                + "\"primary: https check failed 3 times in a row since 2026-11-21T11:59:33Z (connection refused)\","
                + "\"backup1: https check passed at 2026-11-21T12:00:02Z\"],"
                + "\"changes\":[\"cf: atlanta1.hosting.com A 203.0.113.10 -> 198.51.100.20\"]}";
        wm.verify(1, postRequestedFor(urlPathEqualTo(PATH))
                .withQueryParam("sig", equalTo("k3y"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", equalTo(HEADER_SECRET))
                .withHeader("X-Team", equalTo("ops"))
                .withRequestBody(equalToJson(expected, false, false)));
        assertThat(wm.getAllServeEvents()).singleElement()
                .extracting(e -> e.getRequest().getBodyAsString()).isEqualTo(expected);
    }

    @Test
    void anAnswerOtherThan2xxFailsWithTheStatusButNotThePathOrHeaders() {
        wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500).withBody("oops " + PATH)));

        assertThatThrownBy(() -> webhook().send(Samples.failover()))
                .isInstanceOf(IOException.class)
                .hasMessage("webhook http://127.0.0.1:" + wm.getPort() + " answered HTTP 500");
    }

    @Test
    void aRedirectIsNotFollowed() {
        wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));

        assertThatThrownBy(() -> webhook().send(Samples.failover())).hasMessageEndingWith("answered HTTP 302");
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void anUnreachableWebhookFailsWithoutThePathOrHeaders() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        WebhookNotifier notifier = new WebhookNotifier(config("http://127.0.0.1:" + closedPort + PATH + "?sig=k3y"));

        assertThatThrownBy(() -> notifier.send(Samples.failover()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("webhook http://127.0.0.1:" + closedPort + " failed: ")
                .hasMessageNotContaining("T0KEN")
                .hasMessageNotContaining("k3y")
                .hasNoCause();
    }

    @Test
    void twoServerErrorsThenSuccessDeliversExactlyOnce() {
        wm.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("failed once"));
        wm.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("failed twice"));
        wm.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("failed twice")
                .willReturn(aResponse().withStatus(200)));
        try (LogCapture logs = LogCapture.of(Notifications.class)) {
            Notifications notifications = new Notifications(List.of(webhook()), FAST);

            notifications.publish(Samples.failover());

            await().atMost(DEADLINE).untilAsserted(() -> assertThat(statuses()).containsExactly(500, 500, 200));
            assertThat(notifications.close(DEADLINE)).isTrue();
            assertThat(statuses()).containsExactly(500, 500, 200);
            assertThat(logs.messages(Level.WARN)).hasSize(2).allSatisfy(m -> assertThat(m).contains("answered HTTP 500"));
            assertThat(logs.messages(Level.INFO)).anySatisfy(m -> assertThat(m).contains("on attempt 3 of 5"));
            assertThat(logs.messages(Level.ERROR)).isEmpty();
        }
    }

    @Test
    void aHangingWebhookHoldsUpNeitherPublishNorTheOtherNotifiers() {
        wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(15_000)));
        WebhookNotifier hanging = new WebhookNotifier(config(url()), Duration.ofSeconds(5));
        RecordingNotifier other = RecordingNotifier.working("other");
        try (LogCapture logs = LogCapture.of(Notifications.class)) {
            Notifications notifications = new Notifications(List.of(hanging, other), FAST);

            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> notifications.publish(Samples.failover()));

            // Well inside the webhook's own 5 s timeout: the other notifier did not wait for it.
            await().atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                    assertThat(other.delivered()).containsExactly(Samples.failover()));
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(wm.getAllServeEvents()).hasSize(1));
            assertThat(notifications.close(Duration.ofMillis(200))).isFalse();
            // Closing cancelled the call, again before its own timeout, and the give-up is logged.
            await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(logs.messages(Level.ERROR))
                    .singleElement().asString().contains("Gave up notifying webhook", "while closing"));
        }
    }

    @Test
    void aPermanentFailureGivesUpAfterTheConfiguredAttemptsAndLogsNoSecret() {
        wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
        try (LogCapture logs = LogCapture.of(Notifications.class)) {
            Notifications notifications = new Notifications(List.of(webhook()),
                    new Notifications.Retry(3, Duration.ofMillis(1), Duration.ofMillis(5)));

            notifications.publish(Samples.failover());

            String shown = "http://127.0.0.1:" + wm.getPort();
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(logs.messages(Level.ERROR)).singleElement().asString()
                    .contains("Gave up notifying webhook to " + shown + " after 3 attempts",
                            "webhook " + shown + " answered HTTP 503", "atlanta1: failover — failed over"));
            assertThat(notifications.close(DEADLINE)).isTrue();
            assertThat(statuses()).containsExactly(503, 503, 503);
            assertThat(logs.everything()).doesNotContain("T0KEN", "k3y", "header-s3cret");
        }
    }

    @Test
    void describesOnlySchemeHostAndPort() {
        assertThat(webhook().describe()).isEqualTo("webhook to http://127.0.0.1:" + wm.getPort());
        assertThat(new WebhookNotifier(config("https://hooks.example.com/T0KEN")).describe())
                .isEqualTo("webhook to https://hooks.example.com");
    }

    /** Response statuses, oldest first. */
    private static List<Integer> statuses() {
        List<Integer> out = new ArrayList<>();
        for (ServeEvent e : wm.getAllServeEvents()) {
            out.add(0, e.getResponse().getStatus()); // WireMock lists the newest first
        }
        return out;
    }

    private static WebhookNotifier webhook() {
        return new WebhookNotifier(config(url()));
    }

    private static String url() {
        return "http://127.0.0.1:" + wm.getPort() + PATH + "?sig=k3y";
    }

    private static NotifierConfig.Webhook config(String url) {
        Map<String, Secret> headers = new LinkedHashMap<>();
        headers.put("Authorization", Secret.of(HEADER_SECRET));
        headers.put("X-Team", Secret.of("ops"));
        return new NotifierConfig.Webhook(url, headers);
    }
}
