package io.dnsfailover.providers.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.SettingSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class Route53ProviderFactoryTest {

    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private final Route53ProviderFactory factory = new Route53ProviderFactory();

    private static ProviderSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new ProviderSettings("r53", values);
    }

    @Test
    void isFoundByServiceLoaderAsTypeRoute53() {
        assertThat(ServiceLoader.load(DnsProviderFactory.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(f -> f.type().equals("route53"))
                .singleElement()
                .isInstanceOf(Route53ProviderFactory.class);
    }

    @Test
    void declaresTheKeysAsSecretsAndEverySettingOptional() {
        assertThat(factory.settings()).extracting(SettingSpec::name, SettingSpec::required, SettingSpec::secret)
                .containsExactly(
                        tuple("accessKeyId", false, true),
                        tuple("secretAccessKey", false, true),
                        tuple("profile", false, false),
                        tuple("endpoint", false, false));
        assertThat(factory.settings()).filteredOn(s -> s.name().equals("endpoint"))
                .extracting(SettingSpec::example).containsExactly("https://route53.amazonaws.com");
    }

    @Test
    void declaresAddressCnameAndMarkerRecordsTtlZeroConditionalWritesAndSync() {
        assertThat(factory.capabilities().recordTypes())
                .containsExactlyInAnyOrder(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT);
        assertThat(factory.capabilities().minimumTtl()).isZero();
        assertThat(factory.capabilities().conditionalWrites()).isTrue();
        assertThat(factory.capabilities().syncStatus()).isTrue();
    }

    @Test
    void acceptsKeysOrAProfileOrNothing() {
        assertThat(factory.validate(settings("accessKeyId", KEY_ID, "secretAccessKey", SECRET))).isEmpty();
        assertThat(factory.validate(settings("profile", "dnsfailover"))).isEmpty();
        assertThat(factory.validate(settings())).isEmpty();
        assertThat(factory.validate(settings("endpoint", "http://127.0.0.1:8080/route53-proxy/"))).isEmpty();
    }

    @Test
    void aKeyIdWithoutItsSecretIsRefusedAndViceVersa() {
        assertThat(factory.validate(settings("accessKeyId", KEY_ID))).containsOnlyKeys("secretAccessKey");
        assertThat(factory.validate(settings("secretAccessKey", SECRET)))
                .containsOnlyKeys("accessKeyId")
                .hasEntrySatisfying("accessKeyId", m -> assertThat(m).doesNotContain(SECRET));
    }

    @Test
    void blankKeysCountAsAbsentSoAnUnsetVariableFallsBackToTheChain() {
        assertThat(factory.validate(settings("accessKeyId", "", "secretAccessKey", " "))).isEmpty();
    }

    @Test
    void keysAndAProfileTogetherAreRefused() {
        assertThat(factory.validate(settings("accessKeyId", KEY_ID, "secretAccessKey", SECRET, "profile", "x")))
                .containsOnlyKeys("profile")
                .hasEntrySatisfying("profile", m -> assertThat(m).contains("not both"));
    }

    @Test
    void aMalformedKeyIdIsRefusedWithoutShowingIt() {
        assertThat(factory.validate(settings("accessKeyId", "AKIA-not valid", "secretAccessKey", SECRET)))
                .containsOnlyKeys("accessKeyId")
                .hasEntrySatisfying("accessKeyId", m -> assertThat(m).contains("16 to 128 letters and digits").doesNotContain("not valid"));
    }

    @Test
    void aTemporaryKeyIdIsRefusedBecauseItNeedsASessionToken() {
        assertThat(factory.validate(settings("accessKeyId", "ASIAIOSFODNN7EXAMPLE", "secretAccessKey", SECRET)))
                .hasEntrySatisfying("accessKeyId", m -> assertThat(m).contains("session token", "profile"));
    }

    @Test
    void aSecretWithInnerWhitespaceIsRefusedWithoutShowingIt() {
        assertThat(factory.validate(settings("accessKeyId", KEY_ID, "secretAccessKey", "abc def-" + SECRET)))
                .containsOnlyKeys("secretAccessKey")
                .hasEntrySatisfying("secretAccessKey", m -> assertThat(m).contains("printable ASCII").doesNotContain(SECRET));
    }

    @Test
    void aBlankProfileIsRefused() {
        assertThat(factory.validate(settings("profile", "  "))).containsOnlyKeys("profile");
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefused() {
        for (String bad : new String[] {"route53.amazonaws.com", "ftp://route53.amazonaws.com", "not a url"}) {
            assertThat(factory.validate(settings("endpoint", bad)))
                    .as(bad)
                    .containsOnlyKeys("endpoint")
                    .hasEntrySatisfying("endpoint", m -> assertThat(m).contains("http:// or https:// URL", bad));
        }
    }

    @Test
    void anEndpointWithQueryOrUserInfoIsRefused() {
        assertThat(factory.validate(settings("endpoint", "https://route53.amazonaws.com/?x=1"))).containsOnlyKeys("endpoint");
        assertThat(factory.validate(settings("endpoint", "https://user:pw@route53.amazonaws.com")))
                .containsOnlyKeys("endpoint")
                .hasEntrySatisfying("endpoint", m -> assertThat(m).doesNotContain("pw@"));
    }

    @Test
    void createRefusesInvalidSettingsWithoutShowingTheSecret() {
        assertThatThrownBy(() -> factory.create(settings("endpoint", "ftp://x", "accessKeyId", KEY_ID, "secretAccessKey", SECRET)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider 'r53' (route53)")
                .hasMessageContaining("endpoint must be")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void createdProviderShowsNeitherKeyAndUsesTheDefaultEndpoint() {
        try (DnsProvider provider = factory.create(settings("accessKeyId", KEY_ID, "secretAccessKey", SECRET))) {
            assertThat(provider.toString()).contains("r53", "https://route53.amazonaws.com", "route53/us-east-1")
                    .doesNotContain(KEY_ID, SECRET);
            assertThat(provider.capabilities()).isEqualTo(factory.capabilities());
        }
    }
}
