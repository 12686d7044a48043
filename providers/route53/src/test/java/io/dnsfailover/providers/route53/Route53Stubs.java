package io.dnsfailover.providers.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * What the WireMock tests share: Route 53's documented XML, a provider pointed at the stub with a fixed
 * signing clock, and the exact request each call must send, signature included, computed by
 * {@link SigV4Reference}.
 */
final class Route53Stubs {

    /** AWS's documented example keys: they look real, and belong to nobody. */
    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");
    static final String AMZ_DATE = "20260105T120000Z";
    static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

    private Route53Stubs() {}

    static WireMockExtension extension() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    }

    static String endpoint(WireMockExtension wm) {
        return "http://127.0.0.1:" + wm.getPort();
    }

    static Route53Provider provider(WireMockExtension wm) {
        return provider(wm, Duration.ofSeconds(2));
    }

    static Route53Provider provider(WireMockExtension wm, Duration timeout) {
        return Route53ProviderFactory.create(
                new ProviderSettings("r53", Map.of("endpoint", endpoint(wm), "accessKeyId", KEY_ID, "secretAccessKey", SECRET)),
                new Route53ProviderFactory.Options(timeout, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(5),
                        Duration.ofMillis(20)));
    }

    static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "b25f48e8-84fd-11e6-80d9-574e0c4664cb").withBody(body);
    }

    static String zones(boolean truncated, String nextName, String nextId, String... zones) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListHostedZonesByNameResponse xmlns=\"")
                .append(NS).append("\"><HostedZones>");
        for (String z : zones) {
            s.append(z);
        }
        s.append("</HostedZones><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (nextName != null) {
            s.append("<NextDNSName>").append(nextName).append("</NextDNSName><NextHostedZoneId>").append(nextId)
                    .append("</NextHostedZoneId>");
        }
        return s.append("<MaxItems>10</MaxItems></ListHostedZonesByNameResponse>").toString();
    }

    static String zone(String id, String name, boolean privateZone) {
        return "<HostedZone><Id>/hostedzone/" + id + "</Id><Name>" + name + "</Name><CallerReference>ref-" + id
                + "</CallerReference><Config><Comment>test</Comment><PrivateZone>" + privateZone
                + "</PrivateZone></Config><ResourceRecordSetCount>4</ResourceRecordSetCount></HostedZone>";
    }

    static String sets(boolean truncated, String nextName, String nextType, String nextIdentifier, String... sets) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListResourceRecordSetsResponse xmlns=\"")
                .append(NS).append("\"><ResourceRecordSets>");
        for (String set : sets) {
            s.append(set);
        }
        s.append("</ResourceRecordSets><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (nextName != null) {
            s.append("<NextRecordName>").append(nextName).append("</NextRecordName><NextRecordType>").append(nextType)
                    .append("</NextRecordType>");
        }
        if (nextIdentifier != null) {
            s.append("<NextRecordIdentifier>").append(nextIdentifier).append("</NextRecordIdentifier>");
        }
        return s.append("<MaxItems>10</MaxItems></ListResourceRecordSetsResponse>").toString();
    }

    static String set(String name, String type, int ttl, String... values) {
        StringBuilder s = new StringBuilder("<ResourceRecordSet><Name>").append(name).append("</Name><Type>").append(type)
                .append("</Type><TTL>").append(ttl).append("</TTL><ResourceRecords>");
        for (String v : values) {
            s.append("<ResourceRecord><Value>").append(v).append("</Value></ResourceRecord>");
        }
        return s.append("</ResourceRecords></ResourceRecordSet>").toString();
    }

    static String changeInfo(String root, String id, String status) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"" + NS + "\"><ChangeInfo><Id>" + id
                + "</Id><Status>" + status + "</Status><SubmittedAt>2026-01-05T12:00:00.958Z</SubmittedAt></ChangeInfo></"
                + root + ">";
    }

    static String error(String code, String message) {
        return "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>26cce805-5e34-11e3-8f30-116c04f74132</RequestId>"
                + "</ErrorResponse>";
    }

    static String invalidChangeBatch(String... messages) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InvalidChangeBatch xmlns=\"")
                .append(NS).append("\"><Messages>");
        for (String m : messages) {
            s.append("<Message>").append(m).append("</Message>");
        }
        return s.append("</Messages><RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId></InvalidChangeBatch>").toString();
    }

    /** Every request the stub received, oldest first. */
    static List<LoggedRequest> requests(WireMockExtension wm) {
        return wm.findAll(anyRequestedFor(anyUrl()));
    }

    /**
     * Asserts the request exactly: method, path and query as sent, and the signed headers with the
     * Authorization value SigV4 gives for them.
     *
     * @param query the decoded query parameters in the order they must appear on the wire
     * @param body the XML body of a POST, or null for a GET
     */
    static void assertSigned(WireMockExtension wm, LoggedRequest request, String method, String path,
            LinkedHashMap<String, String> query, String body) {
        StringBuilder url = new StringBuilder(path);
        String sep = "?";
        for (Map.Entry<String, String> q : query.entrySet()) {
            url.append(sep).append(q.getKey()).append('=').append(q.getValue());
            sep = "&";
        }
        assertThat(request.getMethod().getName()).isEqualTo(method);
        assertThat(request.getUrl()).isEqualTo(url.toString());
        String payloadHash = body == null ? SigV4Reference.EMPTY_SHA256 : SigV4Reference.sha256Hex(body);
        Map<String, String> signed = new HashMap<>();
        signed.put("host", "127.0.0.1:" + wm.getPort());
        signed.put("x-amz-date", AMZ_DATE);
        signed.put("x-amz-content-sha256", payloadHash);
        if (body != null) {
            signed.put("content-type", "application/xml");
            assertThat(request.getBodyAsString()).isEqualTo(body);
            assertThat(request.getBody()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, String> h : signed.entrySet()) {
            assertThat(request.getHeader(h.getKey())).as(h.getKey()).isEqualTo(h.getValue());
        }
        assertThat(request.getHeader("Authorization")).isEqualTo(SigV4Reference.authorization(KEY_ID, SECRET, AMZ_DATE,
                "us-east-1", "route53", method, path, query, signed, payloadHash));
    }

    static LinkedHashMap<String, String> query(String... keyValues) {
        LinkedHashMap<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            q.put(keyValues[i], keyValues[i + 1]);
        }
        return q;
    }

    /** The failure, after checking that no message in its chain shows a credential and that it names the provider. */
    static ProviderException failure(ThrowingCallable call) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        assertThat(e).as("a ProviderException").isNotNull();
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("no credential in any message").doesNotContain(SECRET, KEY_ID);
        }
        assertThat(e.getMessage()).startsWith("provider 'r53': ");
        return e;
    }
}
