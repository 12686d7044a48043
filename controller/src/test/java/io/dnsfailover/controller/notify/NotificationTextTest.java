package io.dnsfailover.controller.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationTextTest {

    @Test
    void subjectNamesTheGroupTheKindAndTheSummaryOnce() {
        assertThat(NotificationText.subject(Samples.failover()))
                .isEqualTo("[dnsfailover] atlanta1: failover — failed over from primary to backup1");
    }

    @Test
    void bodySaysWhatHappenedWhyWhatChangedAndWhenInUtc() {
        assertThat(NotificationText.body(Samples.failover())).isEqualTo("""
                atlanta1: failed over from primary to backup1

                Why:
                  - primary: https check failed 3 times in a row since 2026-11-21T11:59:33Z (connection refused)
                  - backup1: https check passed at 2026-11-21T12:00:02Z
                Changed:
                  - cf: atlanta1.hosting.com A 203.0.113.10 -> 198.51.100.20

                Group: atlanta1
                Kind:  failover
                Time:  2026-11-21 12:00:03 UTC (2026-11-21T12:00:03Z)

                --\s
                sent by dnsfailover
                """);
    }

    @Test
    void bodySaysWhenNothingWasChanged() {
        Notification allDown = new Notification(Notification.Kind.ALL_DOWN, "atlanta1", Samples.AT,
                "atlanta1: every target is down; the record is kept", List.of("primary: DOWN", "backup1: DOWN"), List.of());

        assertThat(NotificationText.body(allDown)).contains("Changed: nothing\n");
        assertThat(NotificationText.subject(allDown))
                .isEqualTo("[dnsfailover] atlanta1: all-down — every target is down; the record is kept");
    }

    @Test
    void aLineBreakInTheSummaryCannotBreakTheSubject() {
        Notification n = new Notification(Notification.Kind.GUARD_REFUSAL, "atlanta1", Samples.AT,
                "refused:\r\nBcc: someone@example.com", List.of(), List.of());

        assertThat(NotificationText.subject(n))
                .isEqualTo("[dnsfailover] atlanta1: guard-refusal — refused: Bcc: someone@example.com");
    }

    @Test
    void aNotificationWithoutAGroupStillReads() {
        Notification n = new Notification(Notification.Kind.PROVIDER_FAILING, null, Samples.AT,
                "provider cf: 5 writes failed", List.of("HTTP 503 from api.cloudflare.com"), List.of());

        assertThat(NotificationText.line(n)).isEqualTo("provider-failing — provider cf: 5 writes failed");
        assertThat(NotificationText.body(n)).doesNotContain("Group:").contains("  - HTTP 503 from api.cloudflare.com\n");
    }
}
