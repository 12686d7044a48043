package io.dnsfailover.providers.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.Recorded;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter against bodies the real Cloudflare API sent (dns-lexicon's recordings, see
 * {@code recorded/SOURCES.md}): the zone {@code pacalis.net}, its proxied apex record ({@code "proxied": true,
 * "ttl": 1}), and the 403 code 0 that a zone outside the token's reach gets.
 */
class CloudflareRecordedTest {

    static final String TOKEN = "recorded-token-" + UUID.randomUUID().toString().replace("-", "");
    static final String ZONE = "pacalis.net";
    static final String ZONE_ID = "4f282fede870f505f531b56a761ecd44";
    static final String RECORDS = "/client/v4/zones/" + ZONE_ID + "/dns_records";
    static final RecordKey APEX = new RecordKey(ZONE, ZONE, RecordType.A);

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private final CloudflareProvider provider = Fixtures.provider(wm, TOKEN);

    @AfterEach
    void close() {
        provider.close();
    }

    /** The recorded zone list and record list, whatever the query: the adapter filters by name and type itself too. */
    static void recordedZone() {
        wm.stubFor(get(urlPathEqualTo("/client/v4/zones")).willReturn(okJson(Recorded.body("zones-pacalis.json"))));
        wm.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(Recorded.body("dns_records-pacalis.json"))));
    }

    @Test
    void everyFixtureNamesItsSourceAndLicence() {
        Recorded.assertEveryFixtureIsSourced();
    }

    @Test
    void theRecordedProxiedRecordReadsAsProxiedWithTheTtlCloudflareServes() {
        recordedZone();

        assertThat(provider.read(APEX)).contains(RecordSet.of(APEX, 300, "134.122.56.40").asProxied());
    }

    @Test
    void recordedRecordsThatAreNotProxiedKeepTheirTtlAutomaticBeing300() {
        recordedZone();

        assertThat(provider.read(new RecordKey(ZONE, "entrypoint." + ZONE, RecordType.A)))
                .contains(RecordSet.of(new RecordKey(ZONE, "entrypoint." + ZONE, RecordType.A), 300, "134.122.56.40"));
        assertThat(provider.read(new RecordKey(ZONE, "localhost." + ZONE, RecordType.A)))
                .contains(RecordSet.of(new RecordKey(ZONE, "localhost." + ZONE, RecordType.A), 3600, "127.0.0.1"));
        assertThat(provider.read(new RecordKey(ZONE, "docs." + ZONE, RecordType.CNAME)))
                .contains(RecordSet.of(new RecordKey(ZONE, "docs." + ZONE, RecordType.CNAME), 3600, "docs.example.com"));
    }

    @Test
    void aFailoverOfTheRecordedProxiedRecordPatchesItsContentAloneAndNoTtl() {
        recordedZone();
        wm.stubFor(patch(urlEqualTo(RECORDS + "/f3de68c08a267caaf947d2f63309c99c"))
                .willReturn(okJson(Recorded.body("dns_record-created.json"))));
        RecordSet live = provider.read(APEX).orElseThrow();

        int changed = provider.apply(List.of(Change.replace(live, RecordSet.of(APEX, 60, "192.0.2.10")))).changed();

        assertThat(changed).isEqualTo(1);
        wm.verify(1, patchRequestedFor(urlEqualTo(RECORDS + "/f3de68c08a267caaf947d2f63309c99c"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(WireMock.equalTo("{\"content\":\"192.0.2.10\"}")));
    }

    @Test
    void onlyTheTtlOfTheRecordedProxiedRecordDifferingWritesNothing() {
        recordedZone();
        RecordSet live = provider.read(APEX).orElseThrow();

        int changed = provider.apply(List.of(Change.replace(live, RecordSet.of(APEX, 60, "134.122.56.40")))).changed();

        assertThat(changed).isZero();
        assertThat(wm.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getMethod().value()).isEqualTo("GET"));
    }

    @Test
    void aZoneTheTokenMayNotListIsAuthAndTheSentenceNamesThePermissionToAdd() {
        wm.stubFor(get(urlPathEqualTo("/client/v4/zones")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody(Recorded.body("zones-403-zone-list.json"))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.read(APEX));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.AUTH);
        assertThat(e.getMessage()).startsWith("provider 'cf1': ")
                .contains("does not let this API token list zone pacalis.net", "HTTP 403, 0 Actor",
                        "give the token the permission Zone:Zone:Read (com.cloudflare.api.account.zone.list) with zone pacalis.net"
                                + " among its zone resources")
                .doesNotContain(TOKEN);
    }
}
