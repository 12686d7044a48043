package io.dnsfailover.providers.dnsmadeeasy;

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

class DnsMadeEasyProviderFactoryTest {

    private static final String KEY = "factory-api-key-4711";
    private static final String SECRET = "factory-secret-0815";
    private final DnsMadeEasyProviderFactory factory = new DnsMadeEasyProviderFactory();

    private static ProviderSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of("apiKey", KEY, "secretKey", SECRET));
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                values.remove(keyValues[i]);
            } else {
                values.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return new ProviderSettings("dme1", values);
    }

    @Test
    void isFoundByServiceLoaderAsTypeDnsmadeeasy() {
        assertThat(ServiceLoader.load(DnsProviderFactory.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(f -> f.type().equals("dnsmadeeasy"))
                .singleElement()
                .isInstanceOf(DnsMadeEasyProviderFactory.class);
    }

    @Test
    void declaresBothKeysRequiredAndSecretAndSandboxAndEndpointOptional() {
        assertThat(factory.settings()).extracting(SettingSpec::name, SettingSpec::required, SettingSpec::secret)
                .containsExactly(
                        tuple("apiKey", true, true),
                        tuple("secretKey", true, true),
                        tuple("sandbox", false, false),
                        tuple("endpoint", false, false));
    }

    @Test
    void declaresAddressCnameAnameAndMarkerRecordsWithoutConditionalWritesOrSync() {
        assertThat(factory.capabilities().recordTypes())
                .containsExactlyInAnyOrder(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.ANAME, RecordType.TXT);
        assertThat(factory.capabilities().minimumTtl()).isEqualTo(60);
        assertThat(factory.capabilities().conditionalWrites()).isFalse();
        assertThat(factory.capabilities().syncStatus()).isFalse();
    }

    @Test
    void acceptsKeysAloneOrWithSandboxOrEndpoint() {
        assertThat(factory.validate(settings())).isEmpty();
        assertThat(factory.validate(settings("sandbox", "true"))).isEmpty();
        assertThat(factory.validate(settings("sandbox", "FALSE", "endpoint", "http://127.0.0.1:8080/V2.0"))).isEmpty();
    }

    @Test
    void theEndpointIsProductionByDefaultTheSandboxOnRequestAndAnExplicitOneWins() {
        assertThat(DnsMadeEasyProviderFactory.endpoint(settings())).hasToString("https://api.dnsmadeeasy.com/V2.0");
        assertThat(DnsMadeEasyProviderFactory.endpoint(settings("sandbox", "true")))
                .hasToString("https://api.sandbox.dnsmadeeasy.com/V2.0");
        assertThat(DnsMadeEasyProviderFactory.endpoint(settings("sandbox", "true", "endpoint", "http://127.0.0.1:8080/V2.0")))
                .hasToString("http://127.0.0.1:8080/V2.0");
    }

    @Test
    void missingKeysSayWhereToFindThem() {
        assertThat(factory.validate(settings("apiKey", null, "secretKey", " ")))
                .containsOnlyKeys("apiKey", "secretKey")
                .hasEntrySatisfying("apiKey", m -> assertThat(m).contains("needs apiKey", "Account Information", "${env:DME_API_KEY}"))
                .hasEntrySatisfying("secretKey", m -> assertThat(m).contains("needs secretKey", "${env:DME_SECRET_KEY}"));
    }

    @Test
    void aKeyWithALineBreakIsRefusedWithoutShowingIt() {
        assertThat(factory.validate(settings("secretKey", SECRET + "\n")))
                .containsOnlyKeys("secretKey")
                .hasEntrySatisfying("secretKey", m -> assertThat(m).contains("line break").doesNotContain(SECRET));
    }

    @Test
    void sandboxMustBeTrueOrFalse() {
        assertThat(factory.validate(settings("sandbox", "yes")))
                .containsOnlyKeys("sandbox")
                .hasEntrySatisfying("sandbox", m -> assertThat(m).isEqualTo("sandbox must be true or false, but was 'yes'"));
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefused() {
        for (String bad : new String[] {"api.dnsmadeeasy.com/V2.0", "ftp://api.dnsmadeeasy.com", "not a url", "http://"}) {
            assertThat(factory.validate(settings("endpoint", bad)))
                    .as(bad)
                    .containsOnlyKeys("endpoint")
                    .hasEntrySatisfying("endpoint", m -> assertThat(m).contains("http:// or https:// URL", bad));
        }
    }

    @Test
    void anEndpointWithQueryOrCredentialsIsRefusedWithoutShowingThePassword() {
        assertThat(factory.validate(settings("endpoint", "https://api.dnsmadeeasy.com/V2.0?x=1"))).containsOnlyKeys("endpoint");
        assertThat(factory.validate(settings("endpoint", "https://me:pw-1234@api.dnsmadeeasy.com/V2.0")))
                .containsOnlyKeys("endpoint")
                .hasEntrySatisfying("endpoint", m -> assertThat(m).doesNotContain("pw-1234"));
    }

    @Test
    void createRefusesInvalidSettingsWithoutShowingTheKeys() {
        assertThatThrownBy(() -> factory.create(settings("sandbox", "maybe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dme1")
                .hasMessageContaining("sandbox must be true or false")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY, SECRET));
    }

    @Test
    void createDoesNoIoAndShowsNoKey() {
        try (DnsProvider provider = factory.create(settings("endpoint", "http://127.0.0.1:9/V2.0"))) {
            assertThat(provider.capabilities()).isEqualTo(factory.capabilities());
            assertThat(provider.toString()).contains("dme1", "http://127.0.0.1:9/V2.0").doesNotContain(KEY, SECRET);
        }
        assertThat(settings().toString()).doesNotContain(KEY, SECRET);
    }
}
