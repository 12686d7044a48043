package io.dnsfailover.providers.dnsmadeeasy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The account's rate budget: read off every answer; when it is low, reads stop spending requests (answered
 * from what the adapter last saw or wrote, or refused with a retry hint) while writes still go through.
 */
class DnsMadeEasyRateBudgetTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final RecordKey WWW = new RecordKey("example.com", "www.example.com", RecordType.A);
    private static final RecordKey MAIL = new RecordKey("example.com", "mail.example.com", RecordType.A);

    private final Dme.TestClock clock = new Dme.TestClock();
    private DnsProvider provider;

    @BeforeEach
    void start() {
        provider = Dme.provider(api.baseUrl() + "/V2.0", clock, Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    /** Every answer says {@code remaining} of 150 requests are left. */
    private static void budgetLeft(int remaining, String... www) {
        api.stubFor(get(urlPathEqualTo(Dme.DOMAIN_PATH)).willReturn(left(remaining).withBody(Dme.domain("example.com"))));
        api.stubFor(get(urlEqualTo(Dme.RECORDS_PATH + "?recordName=www&type=A")).willReturn(left(remaining).withBody(Dme.records(www))));
        api.stubFor(get(urlEqualTo(Dme.RECORDS_PATH + "?recordName=mail&type=A")).willReturn(left(remaining).withBody(Dme.records())));
        api.stubFor(any(anyUrl()).atPriority(10).willReturn(left(remaining)));
    }

    private static ResponseDefinitionBuilder left(int remaining) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-dnsme-requestLimit", "150").withHeader("x-dnsme-requestsRemaining", String.valueOf(remaining));
    }

    @Test
    void withEnoughBudgetEveryReadAsksTheApi() {
        budgetLeft(16, Dme.record(1, "www", "A", "192.0.2.10", 60));

        provider.read(WWW);
        provider.read(WWW);

        api.verify(2, getRequestedFor(urlPathEqualTo(Dme.RECORDS_PATH)));
    }

    @Test
    void aLowBudgetAnswersKnownReadsFromMemoryButWritesStillGoThrough() {
        budgetLeft(15, Dme.record(1, "www", "A", "192.0.2.10", 60));
        RecordSet primary = RecordSet.of(WWW, 60, "192.0.2.10");
        RecordSet backup = RecordSet.of(WWW, 60, "198.51.100.20");
        assertThat(provider.read(WWW)).contains(primary);

        assertThat(provider.read(WWW)).as("from memory").contains(primary);
        api.verify(1, getRequestedFor(urlPathEqualTo(Dme.RECORDS_PATH)));

        assertThat(provider.apply(List.of(Change.replace(primary, backup))).changed()).isEqualTo(1);
        api.verify(2, getRequestedFor(urlPathEqualTo(Dme.RECORDS_PATH))); // a write always reads the live records first
        api.verify(putRequestedFor(urlEqualTo(Dme.RECORDS_PATH + "/1/")));

        assertThat(provider.read(WWW)).as("what was just written").contains(backup);
        api.verify(2, getRequestedFor(urlPathEqualTo(Dme.RECORDS_PATH)));
    }

    @Test
    void aLowBudgetRefusesReadsOfUnseenRecordsUntilTheWindowHasScrolledPast() {
        budgetLeft(3);
        provider.read(WWW);
        clock.advance(Duration.ofMinutes(1));

        ProviderException e = Dme.failure(() -> provider.read(MAIL));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofMinutes(4));
        assertThat(e.getMessage()).contains("has only 3 of 150 requests left in the account's 5-minute window, so reads are paused"
                + " for 4 min to keep the rest for failover writes", "writes still go through");
        api.verify(0, getRequestedFor(urlEqualTo(Dme.RECORDS_PATH + "?recordName=mail&type=A")));

        clock.advance(Duration.ofMinutes(4));
        assertThat(provider.read(MAIL)).isEmpty();
        api.verify(1, getRequestedFor(urlEqualTo(Dme.RECORDS_PATH + "?recordName=mail&type=A")));
    }

    @Test
    void aLaterAnswerWithMoreBudgetEndsThePause() {
        budgetLeft(3);
        provider.read(WWW);
        budgetLeft(120);
        provider.apply(List.of(Change.create(RecordSet.of(MAIL, 60, "192.0.2.25"))));

        assertThat(provider.read(MAIL)).isEmpty(); // the stub still lists nothing: the API was asked
    }

    @Test
    void theRetryHintIsWhenOurOldestCountedRequestLeavesTheWindow() {
        RateBudget budget = new RateBudget(clock);
        assertThat(budget.untilASlotFrees()).as("none of ours counted: the whole window").isEqualTo(RateBudget.WINDOW);
        budget.answered("150", "20");
        clock.advance(Duration.ofSeconds(90));
        budget.answered("150", "19");
        clock.advance(Duration.ofSeconds(30));

        assertThat(budget.untilASlotFrees()).isEqualTo(Duration.ofMinutes(3));
        clock.advance(Duration.ofMinutes(3));
        assertThat(budget.untilASlotFrees()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void theReserveIsATenthOfTheLimitAtMostFifteen() {
        RateBudget budget = new RateBudget(clock);
        assertThat(budget.reserve()).isEqualTo(15);
        budget.answered("20", "19");
        assertThat(budget.reserve()).isEqualTo(2);
        budget.answered("3000", "2999");
        assertThat(budget.reserve()).isEqualTo(15);
        budget.answered("garbage", "also garbage");
        assertThat(budget.reserve()).as("unreadable headers change nothing").isEqualTo(15);
    }

    @Test
    void noLogLineEverHoldsAKeyOrTheHmac() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.dnsfailover.providers.dnsmadeeasy");
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        try {
            budgetLeft(10, Dme.record(1, "www", "A", "192.0.2.10", 60));
            provider.read(WWW);
            provider.read(WWW);
            provider.apply(List.of(Change.replace(RecordSet.of(WWW, 60, "192.0.2.10"), RecordSet.of(WWW, 60, "192.0.2.11"))));
            api.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(403)));
            Dme.failure(() -> provider.apply(List.of(Change.create(RecordSet.of(MAIL, 60, "192.0.2.25")))));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
        assertThat(appender.list).isNotEmpty().allSatisfy(event ->
                assertThat(event.getFormattedMessage()).doesNotContain(Dme.API_KEY, Dme.SECRET, Dme.HMAC));
    }
}
