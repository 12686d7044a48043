package io.dnsfailover.providers.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dnsfailover.providers.route53.Route53Stubs.requests;
import static io.dnsfailover.providers.route53.Route53Stubs.xml;
import static io.dnsfailover.providers.route53.Route53Stubs.zone;
import static io.dnsfailover.providers.route53.Route53Stubs.zones;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Credentials from the sources AWS users expect, through the AWS SDK's providers: a named profile of the
 * shared files, and the default chain (here fed by the {@code aws.*} system properties, the chain's first
 * source). Each is checked on the wire, signature included; none may ever show up in a message.
 */
class Route53CredentialsTest {

    @RegisterExtension
    static WireMockExtension wm = Route53Stubs.extension();

    private static final RecordKey ATLANTA = new RecordKey("example.com", "atlanta1.example.com", RecordType.A);
    private static final String[] PROPERTIES = {"aws.sharedCredentialsFile", "aws.configFile", "aws.accessKeyId",
        "aws.secretAccessKey", "aws.sessionToken"};

    @TempDir
    Path dir;

    private final Map<String, String> saved = new HashMap<>();
    private Route53Provider provider;

    @BeforeEach
    void saveProperties() {
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
        }
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzonesbyname")).willReturn(xml(200,
                zones(false, null, null, zone("Z1", "example.com.", false)))));
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone/Z1/rrset")).willReturn(xml(200, Route53Stubs.sets(false, null, null, null))));
    }

    @AfterEach
    void restoreProperties() {
        if (provider != null) {
            provider.close();
        }
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private Route53Provider provider(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("endpoint", Route53Stubs.endpoint(wm));
        provider = Route53ProviderFactory.create(new ProviderSettings("r53", all), new Route53ProviderFactory.Options(
                Duration.ofSeconds(2), Clock.fixed(Route53Stubs.NOW, ZoneOffset.UTC), Duration.ofMillis(5), Duration.ofMillis(5)));
        return provider;
    }

    private void sharedFiles(String credentials) throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, credentials);
        Path config = dir.resolve("config");
        Files.writeString(config, "");
        System.setProperty("aws.sharedCredentialsFile", file.toString());
        System.setProperty("aws.configFile", config.toString());
    }

    private String expectedAuthorization(String keyId, String secret, String token) {
        Map<String, String> headers = new HashMap<>();
        headers.put("host", "127.0.0.1:" + wm.getPort());
        headers.put("x-amz-date", Route53Stubs.AMZ_DATE);
        headers.put("x-amz-content-sha256", SigV4Reference.EMPTY_SHA256);
        if (token != null) {
            headers.put("x-amz-security-token", token);
        }
        return SigV4Reference.authorization(keyId, secret, Route53Stubs.AMZ_DATE, "us-east-1", "route53", "GET",
                "/2013-04-01/hostedzonesbyname", Map.of("dnsname", "example.com.", "maxitems", "10"), headers,
                SigV4Reference.EMPTY_SHA256);
    }

    @Test
    void aNamedProfileOfTheSharedFilesSignsTheRequests() throws Exception {
        sharedFiles("[default]\naws_access_key_id = AKIADEFAULTEXAMPLE00\naws_secret_access_key = default-secret\n\n"
                + "[failover]\naws_access_key_id = AKIAPROFILEEXAMPLE01\naws_secret_access_key = profile-secret-0815\n");

        provider(Map.of("profile", "failover")).read(ATLANTA);

        LoggedRequest first = requests(wm).get(0);
        assertThat(first.getHeader("Authorization"))
                .isEqualTo(expectedAuthorization("AKIAPROFILEEXAMPLE01", "profile-secret-0815", null));
    }

    @Test
    void withoutKeysOrProfileTheDefaultChainIsUsedWithItsSessionToken() {
        System.setProperty("aws.accessKeyId", "ASIACHAINEXAMPLE0001");
        System.setProperty("aws.secretAccessKey", "chain-secret-4711");
        System.setProperty("aws.sessionToken", "chain-session-token-42");

        provider(Map.of()).read(ATLANTA);

        LoggedRequest first = requests(wm).get(0);
        assertThat(first.getHeader("X-Amz-Security-Token")).isEqualTo("chain-session-token-42");
        assertThat(first.getHeader("Authorization"))
                .isEqualTo(expectedAuthorization("ASIACHAINEXAMPLE0001", "chain-secret-4711", "chain-session-token-42"));
    }

    @Test
    void aProfileWithoutCredentialsIsAuthSayingWhereItLookedAndSendsNothing() throws Exception {
        sharedFiles("[other]\naws_access_key_id = AKIAOTHEREXAMPLE0001\naws_secret_access_key = other-secret-1234\n");

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider(Map.of("profile", "missing")).read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).startsWith("provider 'r53': no AWS credentials for Route 53 from profile 'missing'")
                .contains("check profile 'missing'").doesNotContain("other-secret-1234");
        assertThat(requests(wm)).isEmpty();
    }

    @Test
    void credentialsFromTheChainAreScrubbedFromMessagesToo() {
        System.setProperty("aws.accessKeyId", "AKIACHAINEXAMPLE0002");
        System.setProperty("aws.secretAccessKey", "chain-secret-echoed");
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone/Z1/rrset")).willReturn(xml(400,
                Route53Stubs.error("InvalidInput", "echo AKIACHAINEXAMPLE0002 chain-secret-echoed"))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider(Map.of()).read(ATLANTA));

        assertThat(e.getMessage()).contains("echo <accessKeyId> <secretAccessKey>");
    }

    @Test
    void theSdkCredentialObjectsShowNoSecretAndNeitherDoesTheProvider() {
        assertThat(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "basic-secret-value").toString())
                .doesNotContain("basic-secret-value");
        assertThat(AwsSessionCredentials.create("ASIAIOSFODNN7EXAMPLE", "session-secret-value", "session-token-value").toString())
                .doesNotContain("session-secret-value", "session-token-value");

        String shown = provider(Map.of("accessKeyId", Route53Stubs.KEY_ID, "secretAccessKey", Route53Stubs.SECRET)).toString();

        assertThat(shown).contains("r53", Route53Stubs.endpoint(wm), "accessKeyId and secretAccessKey")
                .doesNotContain(Route53Stubs.KEY_ID, Route53Stubs.SECRET);
    }
}
