package io.dnsfailover.controller.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import io.dnsfailover.controller.config.NotifierConfig;
import io.dnsfailover.controller.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A hang in a background thread must fail the build, not stall it. */
@Timeout(60)
class NotificationsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Notifications.Retry FAST = new Notifications.Retry(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private final List<Notifications> opened = new ArrayList<>();
    private final List<RecordingNotifier> blocked = new ArrayList<>();

    @AfterEach
    void closeAll() {
        blocked.forEach(RecordingNotifier::release);
        opened.forEach(n -> n.close(Duration.ofSeconds(5)));
    }

    @Test
    void publishReturnsAtOnceWhileANotifierBlocks() {
        RecordingNotifier stuck = blocking("stuck");
        RecordingNotifier working = RecordingNotifier.working("working");
        Notifications notifications = open(List.of(stuck, working), FAST);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            notifications.publish(Samples.failover());
            notifications.publish(Samples.numbered(1));
        });

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(working.delivered()).hasSize(2));
        assertThat(stuck.delivered()).isEmpty();
    }

    @Test
    void everyNotifierGetsEveryNotificationInOrder() {
        List<RecordingNotifier> notifiers = List.of(RecordingNotifier.working("a"), RecordingNotifier.working("b"),
                RecordingNotifier.working("c"));
        Notifications notifications = open(List.copyOf(notifiers), FAST);
        List<Notification> sent = IntStream.range(0, 50).mapToObj(Samples::numbered).toList();

        sent.forEach(notifications::publish);

        for (RecordingNotifier n : notifiers) {
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(n.delivered()).containsExactlyElementsOf(sent));
        }
    }

    @Test
    void aThrowingNotifierDoesNotStopTheOthers() {
        RecordingNotifier broken = RecordingNotifier.alwaysFailing("broken");
        RecordingNotifier working = RecordingNotifier.working("working");
        Notifications notifications = open(List.of(broken, working), FAST);

        notifications.publish(Samples.numbered(1));
        notifications.publish(Samples.numbered(2));

        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(working.delivered()).containsExactly(Samples.numbered(1), Samples.numbered(2)));
        assertThat(notifications.close(DEADLINE)).isTrue();
        assertThat(broken.attempts()).isEqualTo(2 * FAST.attempts());
    }

    @Test
    void retriesAFailureUntilItIsDeliveredOnce() {
        RecordingNotifier flaky = RecordingNotifier.failingFirst("flaky", 2);
        try (LogCapture logs = LogCapture.of(Notifications.class)) {
            Notifications notifications = open(List.of(flaky), FAST);

            notifications.publish(Samples.failover());

            await().atMost(DEADLINE).untilAsserted(() -> assertThat(flaky.delivered()).containsExactly(Samples.failover()));
            assertThat(notifications.close(DEADLINE)).isTrue();
            assertThat(flaky.attempts()).isEqualTo(3);
            assertThat(logs.messages(Level.WARN)).hasSize(2).allSatisfy(m -> assertThat(m)
                    .contains("recording notifier flaky", "flaky is down", "atlanta1: failover — failed over"));
            assertThat(logs.messages(Level.INFO)).anySatisfy(m -> assertThat(m).contains("on attempt 3 of 3"));
            assertThat(logs.messages(Level.ERROR)).isEmpty();
        }
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsAndSaysSo() {
        RecordingNotifier down = RecordingNotifier.alwaysFailing("down");
        try (LogCapture logs = LogCapture.of(Notifications.class)) {
            Notifications notifications = open(List.of(down), new Notifications.Retry(4, Duration.ZERO, Duration.ZERO));

            notifications.publish(Samples.failover());

            await().atMost(DEADLINE).untilAsserted(() -> assertThat(logs.messages(Level.ERROR)).singleElement()
                    .asString().contains("Gave up notifying recording notifier down after 4 attempts",
                            "down is down (attempt 4)", "atlanta1: failover"));
            assertThat(notifications.close(DEADLINE)).isTrue();
            assertThat(down.attempts()).isEqualTo(4);
            assertThat(logs.messages(Level.WARN)).hasSize(3);
        }
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        Notifications.Retry retry = new Notifications.Retry(10, Duration.ofSeconds(2), Duration.ofSeconds(60));

        assertThat(IntStream.rangeClosed(1, 7).mapToObj(retry::backoff).map(Duration::toSeconds))
                .containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L);
    }

    @Test
    void retryRejectsNonsenseWithWhatWasGiven() {
        assertThatThrownBy(() -> new Notifications.Retry(0, Duration.ZERO, Duration.ZERO))
                .hasMessage("attempts must be at least 1, but was 0");
        assertThatThrownBy(() -> new Notifications.Retry(3, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("initialBackoff <= maxBackoff, but was PT5S and PT1S");
    }

    @Test
    void closeLetsQueuedNotificationsFinish() throws InterruptedException {
        RecordingNotifier slow = blocking("slow");
        Notifications notifications = open(List.of(slow), FAST);
        List<Notification> sent = IntStream.range(0, 5).mapToObj(Samples::numbered).toList();
        sent.forEach(notifications::publish);
        slow.awaitEntered();

        slow.release();
        boolean drained = notifications.close(DEADLINE);

        assertThat(drained).isTrue();
        assertThat(slow.delivered()).containsExactlyElementsOf(sent);
    }

    @Test
    void closeStopsAtItsDeadlineWhenANotifierHangs() throws InterruptedException {
        RecordingNotifier stuck = blocking("stuck");
        try (LogCapture logs = LogCapture.of(Notifications.class)) {
            Notifications notifications = open(List.of(stuck), FAST);
            notifications.publish(Samples.numbered(1));
            notifications.publish(Samples.numbered(2));
            stuck.awaitEntered();

            boolean drained = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> notifications.close(Duration.ofMillis(100)));

            assertThat(drained).isFalse();
            assertThat(logs.messages(Level.ERROR)).anySatisfy(m -> assertThat(m)
                    .contains("not sent before close", "group2: failback — event 2"));
            assertThat(logs.messages(Level.WARN)).anySatisfy(m -> assertThat(m).contains("abandoning"));
            // The interrupted delivery gives up too, rather than retrying after close.
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(logs.messages(Level.ERROR)).anySatisfy(m ->
                    assertThat(m).contains("while closing", "group1: failback — event 1")));
            assertThat(stuck.attempts()).isEqualTo(1);
        }
    }

    @Test
    void whenAQueueIsFullTheOldestWaitingNotificationIsDropped() throws InterruptedException {
        RecordingNotifier slow = blocking("slow");
        try (LogCapture logs = LogCapture.of(Notifications.class)) {
            Notifications notifications = new Notifications(List.of(slow), FAST, 2);
            opened.add(notifications);
            notifications.publish(Samples.numbered(1));
            slow.awaitEntered(); // 1 is being sent; 2, 3 and 4 compete for two places

            notifications.publish(Samples.numbered(2));
            notifications.publish(Samples.numbered(3));
            notifications.publish(Samples.numbered(4));
            slow.release();

            await().atMost(DEADLINE).untilAsserted(() -> assertThat(slow.delivered())
                    .containsExactly(Samples.numbered(1), Samples.numbered(3), Samples.numbered(4)));
            assertThat(logs.messages(Level.WARN)).singleElement().asString()
                    .contains("dropped the oldest", "recording notifier slow", "group2: failback — event 2");
        }
    }

    @Test
    void publishNeverThrows() {
        Notifications notifications = open(List.of(RecordingNotifier.working("a")), FAST);

        assertThatCode(() -> notifications.publish(null)).doesNotThrowAnyException();
        notifications.close(DEADLINE);
        assertThatCode(() -> notifications.publish(Samples.failover())).doesNotThrowAnyException();
    }

    @Test
    void publishAfterCloseDeliversNothing() {
        RecordingNotifier working = RecordingNotifier.working("a");
        Notifications notifications = open(List.of(working), FAST);
        notifications.close(DEADLINE);

        notifications.publish(Samples.failover());

        assertThat(working.attempts()).isZero();
    }

    @Test
    void buildsOneNotifierPerConfigEntryAndDescribesThemWithoutSecrets() {
        NotifierConfig email = new NotifierConfig.Email("smtp.example.com", 587, true, false, "alice",
                Secret.of("mail-password-1"), "dnsfailover@example.com", List.of("ops@example.com", "oncall@example.com"));
        NotifierConfig webhook = new NotifierConfig.Webhook("https://hooks.example.com/services/T0KEN-42?key=k3y",
                Map.of("Authorization", Secret.of("Bearer header-secret")));

        try (Notifications notifications = Notifications.from(List.of(email, webhook))) {
            assertThat(notifications.notifiers()).extracting(Notifier::describe).containsExactly(
                    "email to ops@example.com, oncall@example.com via smtp.example.com:587 (starttls)",
                    "webhook to https://hooks.example.com");
        }
    }

    @Test
    void refusesAConfigThatCouldNeverDeliverWithoutQuotingIt() {
        NotifierConfig webhook = new NotifierConfig.Webhook("https://hooks.example.com/x",
                Map.of("X-Token", Secret.of("line\nbreak-secret")));

        assertThatThrownBy(() -> Notifications.from(List.of(webhook)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-Token")
                .hasMessageNotContaining("break-secret");
    }

    private RecordingNotifier blocking(String name) {
        RecordingNotifier n = RecordingNotifier.blocking(name);
        blocked.add(n);
        return n;
    }

    private Notifications open(List<Notifier> notifiers, Notifications.Retry retry) {
        Notifications n = new Notifications(notifiers, retry);
        opened.add(n);
        return n;
    }
}
