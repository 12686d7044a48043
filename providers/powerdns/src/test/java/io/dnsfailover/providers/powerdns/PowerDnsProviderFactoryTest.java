package io.dnsfailover.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.SettingSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PowerDnsProviderFactoryTest {

    private static final String KEY = "factory-secret-4711";
    private final PowerDnsProviderFactory factory = new PowerDnsProviderFactory();

    private static ProviderSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new ProviderSettings("pdns1", values);
    }

    @Test
    void isFoundByServiceLoaderAsTypePowerdns() {
        assertThat(ServiceLoader.load(DnsProviderFactory.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(f -> f.type().equals("powerdns"))
                .singleElement()
                .isInstanceOf(PowerDnsProviderFactory.class);
    }

    @Test
    void declaresEndpointAndSecretApiKeyRequiredAndServerIdOptional() {
        assertThat(factory.settings()).extracting(SettingSpec::name, SettingSpec::required, SettingSpec::secret)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("endpoint", true, false),
                        org.assertj.core.groups.Tuple.tuple("apiKey", true, true),
                        org.assertj.core.groups.Tuple.tuple("serverId", false, false));
    }

    @Test
    void declaresAddressCnameAndTxtRecordsWithoutConditionalWritesOrSync() {
        assertThat(factory.capabilities().recordTypes())
                .containsExactlyInAnyOrder(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT);
        assertThat(factory.capabilities().minimumTtl()).isEqualTo(1);
        assertThat(factory.capabilities().conditionalWrites()).isFalse();
        assertThat(factory.capabilities().syncStatus()).isFalse();
    }

    @Test
    void acceptsAnHttpEndpointWithKeyAndServerId() {
        assertThat(factory.validate(settings("endpoint", "http://127.0.0.1:8081", "apiKey", KEY))).isEmpty();
        assertThat(factory.validate(settings("endpoint", "https://pdns.example.com/proxy/", "apiKey", KEY, "serverId", "localhost")))
                .isEmpty();
    }

    @Test
    void missingEndpointSaysWhatToWrite() {
        assertThat(factory.validate(settings("apiKey", KEY)))
                .containsOnlyKeys("endpoint")
                .hasEntrySatisfying("endpoint", m -> assertThat(m).contains("PowerDNS webserver URL", "http://127.0.0.1:8081"));
    }

    @Test
    void endpointThatIsNotAnHttpUrlIsRefused() {
        for (String bad : new String[] {"127.0.0.1:8081", "ftp://127.0.0.1:8081", "not a url", "http://"}) {
            assertThat(factory.validate(settings("endpoint", bad, "apiKey", KEY)))
                    .as(bad)
                    .containsOnlyKeys("endpoint")
                    .hasEntrySatisfying("endpoint", m -> assertThat(m).contains("http:// or https:// URL", bad));
        }
    }

    @Test
    void endpointWithQueryOrCredentialsIsRefused() {
        assertThat(factory.validate(settings("endpoint", "http://127.0.0.1:8081/?x=1", "apiKey", KEY))).containsOnlyKeys("endpoint");
        assertThat(factory.validate(settings("endpoint", "http://admin:pw@127.0.0.1:8081", "apiKey", KEY)))
                .containsOnlyKeys("endpoint")
                .hasEntrySatisfying("endpoint", m -> assertThat(m).doesNotContain("pw@"));
    }

    @Test
    void blankServerIdIsRefused() {
        assertThat(factory.validate(settings("endpoint", "http://127.0.0.1:8081", "apiKey", KEY, "serverId", " ")))
                .containsOnlyKeys("serverId");
    }

    @Test
    void missingApiKeyIsRefused() {
        assertThat(factory.validate(settings("endpoint", "http://127.0.0.1:8081", "apiKey", "")))
                .containsOnlyKeys("apiKey");
    }

    @Test
    void apiKeyWithALineBreakIsRefusedWithoutShowingIt() {
        assertThat(factory.validate(settings("endpoint", "http://127.0.0.1:8081", "apiKey", KEY + "\n")))
                .containsOnlyKeys("apiKey")
                .hasEntrySatisfying("apiKey", m -> assertThat(m).contains("line break").doesNotContain(KEY));
    }

    @Test
    void createRefusesInvalidSettingsWithoutShowingTheKey() {
        assertThatThrownBy(() -> factory.create(settings("endpoint", "ftp://x", "apiKey", KEY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pdns1")
                .hasMessageContaining("endpoint must be")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void createdProviderShowsNoKey() {
        try (DnsProvider provider = factory.create(settings("endpoint", "http://127.0.0.1:8081", "apiKey", KEY))) {
            assertThat(provider.toString()).contains("pdns1", "http://127.0.0.1:8081", "localhost").doesNotContain(KEY);
            assertThat(provider.capabilities()).isEqualTo(factory.capabilities());
        }
    }
}
