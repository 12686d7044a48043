package io.dnsfailover.providers.constellix;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared pieces of the WireMock tests: credentials, a fixed clock, and JSON shaped like Constellix's. */
final class ConstellixStubs {

    static final String KEY = "api-" + UUID.randomUUID();
    static final String SECRET = "secret-" + UUID.randomUUID();
    static final long NOW = 1_700_000_000_123L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    static final String ZONE = "hosting.test";
    static final long DOMAIN = 366246;
    static final String SEARCH = "/v4/search/domains";
    static final String RECORDS = "/v4/domains/" + DOMAIN + "/records";

    private ConstellixStubs() {}

    static WireMockExtension wireMock() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    }

    static ConstellixProvider provider(WireMockExtension wm) {
        return provider(wm, Duration.ofMillis(500));
    }

    static ConstellixProvider provider(WireMockExtension wm, Duration timeout) {
        return ConstellixProviderFactory.create(new ProviderSettings("cnx1",
                Map.of("endpoint", wm.baseUrl() + "/v4", "apiKey", KEY, "secretKey", SECRET)), timeout, CLOCK);
    }

    /** The header the adapter must send at {@link #NOW}, computed here without the adapter's code. */
    static String expectedAuthorization() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String hmac = Base64.getEncoder().encodeToString(mac.doFinal(Long.toString(NOW).getBytes(StandardCharsets.UTF_8)));
        return "Bearer " + KEY + ":" + hmac + ":" + NOW;
    }

    /** The zone search answering with neighbours around the exact name (PHP SDK fixture shape). */
    static void stubZone(WireMockExtension wm) {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("name", equalTo(ZONE)).willReturn(okJson(search(
                7, "myhosting.test", DOMAIN, ZONE, 9, "hosting.test.example"))));
    }

    /** One page of records holding everything. */
    static void stubRecords(WireMockExtension wm, String... records) {
        wm.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("1"))
                .willReturn(okJson(page(1, 1, records))));
    }

    static String search(Object... idNamePairs) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < idNamePairs.length; i += 2) {
            data.append(i > 0 ? "," : "").append("{\"id\":").append(idNamePairs[i]).append(",\"name\":\"").append(idNamePairs[i + 1])
                    .append("\",\"links\":{\"domain\":\"https://api.dns.constellix.com/v4/domains/").append(idNamePairs[i]).append("\"}}");
        }
        int n = idNamePairs.length / 2;
        return "{\"data\":[" + data + "],\"meta\":{\"pagination\":{\"total\":" + n + ",\"count\":" + n
                + ",\"perPage\":20,\"currentPage\":1,\"totalPages\":1},\"links\":{\"self\":"
                + "\"https://api.dns.constellix.com/v4/search/domains?page=1\",\"next\":null}}}";
    }

    static String page(int current, int total, String... records) {
        String base = "https://api.dns.constellix.com/v4/domains/" + DOMAIN + "/records?page=";
        return "{\"data\":[" + String.join(",", records) + "],\"meta\":{\"pagination\":{\"total\":" + (records.length * total)
                + ",\"count\":" + records.length + ",\"perPage\":100,\"currentPage\":" + current + ",\"totalPages\":" + total
                + "},\"links\":{\"self\":\"" + base + current + "\",\"first\":\"" + base + 1 + "\",\"last\":\"" + base + total
                + "\",\"previous\":" + (current > 1 ? "\"" + base + (current - 1) + "\"" : "null") + ",\"next\":"
                + (current < total ? "\"" + base + (current + 1) + "\"" : "null") + "}}}";
    }

    /** A standard record whose values are all enabled. */
    static String record(long id, String name, String type, int ttl, String... values) {
        StringBuilder v = new StringBuilder("[");
        for (String value : values) {
            v.append(v.length() > 1 ? "," : "").append("{\"enabled\":true,\"value\":\"").append(value).append("\"}");
        }
        return record(id, name, type, ttl, "standard", v.append(']').toString(), "");
    }

    /** Any record: {@code value} is raw JSON, {@code extra} more raw fields (each with a leading comma). */
    static String record(long id, String name, String type, int ttl, String mode, String value, String extra) {
        return "{\"id\":" + id + ",\"type\":\"" + type + "\",\"ttl\":" + ttl + ",\"enabled\":true,\"name\":\"" + name
                + "\",\"region\":\"default\",\"ipfilter\":null,\"geoproximity\":null,\"ipfilterDrop\":false,"
                + "\"notes\":\"\",\"skipLookup\":null,\"contacts\":[],\"mode\":\"" + mode + "\",\"value\":" + value + extra
                + ",\"domain\":{\"id\":" + DOMAIN + ",\"name\":\"" + ZONE + "\",\"status\":\"ACTIVE\",\"version\":3},"
                + "\"links\":{\"self\":\"https://api.dns.constellix.com/v4/domains/" + DOMAIN + "/records/" + id + "\"}}";
    }

    /** The failure, after checking that it names the provider and that no message in its chain holds a key. */
    static ProviderException failure(ThrowingCallable call) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        assertThat(e).as("a ProviderException").isNotNull();
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("no secret in any message").doesNotContain(KEY, SECRET);
        }
        assertThat(e.getMessage()).startsWith("provider 'cnx1': ");
        return e;
    }
}
