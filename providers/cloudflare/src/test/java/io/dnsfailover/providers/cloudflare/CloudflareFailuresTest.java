package io.dnsfailover.providers.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CloudflareFailuresTest {

    private final CloudflareFailures failures = new CloudflareFailures("cf1", "https://api.cloudflare.com/client/v4", "t0ken",
            Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(failures.retryAfter("300")).isEqualTo(Duration.ofSeconds(300));
        assertThat(failures.retryAfter("Sun, 01 Mar 2026 12:00:42 GMT")).isEqualTo(Duration.ofSeconds(42));
        assertThat(failures.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(failures.retryAfter("soon")).isNull();
        assertThat(failures.retryAfter(null)).isNull();
        assertThat(failures.retryAfter("-1")).isNull();
    }

    @Test
    void theTokenIsCutOutOfEveryMessageEvenOneAServerEchoed() {
        assertThat(failures.notJson(200, "<html>your token t0ken is</html>").getMessage())
                .doesNotContain("t0ken").contains("<apiToken>");
    }
}
