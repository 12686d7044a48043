package io.dnsfailover.providers.constellix;

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

class ConstellixProviderFactoryTest {

    private static final String API_KEY = "factory-api-key-4711";
    private static final String SECRET = "factory-secret-0815";
    private final ConstellixProviderFactory factory = new ConstellixProviderFactory();

    private static ProviderSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new ProviderSettings("cnx1", values);
    }

    @Test
    void isFoundByServiceLoaderAsTypeConstellix() {
        assertThat(ServiceLoader.load(DnsProviderFactory.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(f -> f.type().equals("constellix"))
                .singleElement()
                .isInstanceOf(ConstellixProviderFactory.class);
    }

    @Test
    void declaresBothKeysRequiredAndSecretAndTheEndpointOptional() {
        assertThat(factory.settings()).extracting(SettingSpec::name, SettingSpec::required, SettingSpec::secret)
                .containsExactly(tuple("apiKey", true, true), tuple("secretKey", true, true), tuple("endpoint", false, false));
        assertThat(factory.settings().get(2).example()).isEqualTo("https://api.dns.constellix.com/v4");
    }

    @Test
    void declaresAddressAliasAnameAndMarkerRecordsWithoutConditionalWritesOrSync() {
        assertThat(factory.capabilities().recordTypes())
                .containsExactlyInAnyOrder(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.ANAME, RecordType.TXT);
        assertThat(factory.capabilities().minimumTtl()).isZero();
        assertThat(factory.capabilities().conditionalWrites()).isFalse();
        assertThat(factory.capabilities().syncStatus()).isFalse();
    }

    @Test
    void acceptsBothKeysWithOrWithoutAnEndpoint() {
        assertThat(factory.validate(settings("apiKey", API_KEY, "secretKey", SECRET))).isEmpty();
        assertThat(factory.validate(settings("apiKey", API_KEY, "secretKey", SECRET, "endpoint", "http://127.0.0.1:8080/v4/"))).isEmpty();
    }

    @Test
    void missingKeysSayWhatToWrite() {
        assertThat(factory.validate(settings("endpoint", "https://api.dns.constellix.com/v4")))
                .containsOnlyKeys("apiKey", "secretKey")
                .hasEntrySatisfying("apiKey", m -> assertThat(m).contains("cnx1", "${env:CONSTELLIX_API_KEY}"))
                .hasEntrySatisfying("secretKey", m -> assertThat(m).contains("${env:CONSTELLIX_SECRET_KEY}"));
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefused() {
        for (String bad : new String[] {"api.dns.constellix.com/v4", "ftp://api.dns.constellix.com/v4", "not a url", "http://", " "}) {
            assertThat(factory.validate(settings("apiKey", API_KEY, "secretKey", SECRET, "endpoint", bad)))
                    .as(bad)
                    .containsOnlyKeys("endpoint")
                    .hasEntrySatisfying("endpoint", m -> assertThat(m).contains("http:// or https:// URL", "'" + bad + "'"));
        }
    }

    @Test
    void anEndpointWithQueryOrCredentialsIsRefusedWithoutEchoingThePassword() {
        assertThat(factory.validate(settings("apiKey", API_KEY, "secretKey", SECRET, "endpoint", "https://x.example/v4?a=1")))
                .containsOnlyKeys("endpoint");
        assertThat(factory.validate(settings("apiKey", API_KEY, "secretKey", SECRET, "endpoint", "https://u:hunter2@x.example/v4")))
                .containsOnlyKeys("endpoint")
                .hasEntrySatisfying("endpoint", m -> assertThat(m).doesNotContain("hunter2"));
    }

    @Test
    void keysWithALineBreakAreRefusedWithoutShowingThem() {
        assertThat(factory.validate(settings("apiKey", API_KEY + "\n", "secretKey", SECRET + " ")))
                .containsOnlyKeys("apiKey", "secretKey")
                .allSatisfy((k, m) -> assertThat(m).contains("line break").doesNotContain(API_KEY, SECRET));
    }

    @Test
    void createRefusesInvalidSettingsWithoutShowingTheKeys() {
        assertThatThrownBy(() -> factory.create(settings("apiKey", API_KEY, "secretKey", SECRET, "endpoint", "ftp://x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider 'cnx1' (constellix)")
                .hasMessageContaining("endpoint must be")
                .hasMessageNotContaining(API_KEY)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void theCreatedProviderUsesTheDefaultEndpointAndShowsNoKey() {
        try (DnsProvider provider = factory.create(settings("apiKey", API_KEY, "secretKey", SECRET))) {
            assertThat(provider.toString()).contains("cnx1", "https://api.dns.constellix.com/v4").doesNotContain(API_KEY, SECRET);
            assertThat(provider.capabilities()).isEqualTo(factory.capabilities());
        }
        assertThat(new ConstellixAuth(API_KEY, SECRET, java.time.Clock.systemUTC()).toString()).doesNotContain(API_KEY, SECRET);
    }
}
