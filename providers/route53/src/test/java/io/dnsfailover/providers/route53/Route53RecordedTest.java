package io.dnsfailover.providers.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dnsfailover.providers.route53.Route53Stubs.sets;
import static io.dnsfailover.providers.route53.Route53Stubs.xml;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.Recorded;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter against traffic recorded from the real Route 53 API by lexicon (boto3; see
 * {@code recorded/SOURCES.md}): the hosted zone {@code fullcr1stal.tk.}, its record sets as listed, the
 * ChangeResourceRecordSets request botocore sent for a CREATE, and Route 53's PENDING answer to it.
 */
class Route53RecordedTest {

    @RegisterExtension
    static WireMockExtension wm = Route53Stubs.extension();

    static final String ZONE = "fullcr1stal.tk";
    static final String RRSET = "/2013-04-01/hostedzone/Z0748009194T9V149ZJ4F/rrset";
    static final RecordKey LOCALHOST = new RecordKey(ZONE, "localhost." + ZONE, RecordType.A);

    private final Route53Provider provider = Route53Stubs.provider(wm);

    @AfterEach
    void close() {
        provider.close();
    }

    static void recordedZone() {
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzonesbyname")).willReturn(xml(200, Recorded.body("hostedzonesbyname.xml"))));
    }

    @Test
    void everyFixtureNamesItsSourceAndLicence() {
        Recorded.assertEveryFixtureIsSourced();
    }

    @Test
    void theRecordedSetsReadAsRoute53ListedThem() {
        recordedZone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(200, Recorded.body("rrset-from-localhost.xml"))));

        assertThat(provider.read(LOCALHOST)).contains(RecordSet.of(LOCALHOST, 3600, "127.0.0.1"));
        RecordKey txt = new RecordKey(ZONE, "_acme-challenge.test." + ZONE, RecordType.TXT);
        assertThat(provider.read(txt)).as("a TXT value comes back quoted, and XML-escaped")
                .contains(RecordSet.of(txt, 3600, "challengetoken"));
    }

    @Test
    void aCreateSendsTheChangesBotocoreSentAndTakesTheRecordedPendingAnswer() {
        recordedZone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(200, sets(false, null, null, null))));
        wm.stubFor(post(urlPathEqualTo(RRSET + "/")).willReturn(xml(200, Recorded.body("change-pending.xml"))));

        ApplyResult result = provider.apply(List.of(Change.create(RecordSet.of(LOCALHOST, 3600, "127.0.0.1"))));

        assertThat(result).isEqualTo(new ApplyResult(1, Optional.of("C0659269253OS9CWIQ16Q")));
        String recorded = Recorded.body("change-request.xml");
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(RRSET + "/")))).singleElement().satisfies(r -> {
            String sent = r.getBodyAsString();
            assertThat(between(sent, "<ChangeResourceRecordSetsRequest", ">")).isEqualTo(between(recorded,
                    "<ChangeResourceRecordSetsRequest", ">"));
            assertThat(between(sent, "<Changes>", "</Changes>")).as("the changes, byte for byte as botocore sent them")
                    .isEqualTo(between(recorded, "<Changes>", "</Changes>"));
        });
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as(from + " in " + text).isNotNegative();
        int end = text.indexOf(to, start + from.length());
        assertThat(end).as(to + " after " + from + " in " + text).isNotNegative();
        return text.substring(start, end + to.length());
    }
}
