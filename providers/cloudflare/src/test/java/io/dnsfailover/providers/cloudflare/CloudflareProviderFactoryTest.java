package io.dnsfailover.providers.cloudflare;

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

class CloudflareProviderFactoryTest {

    private static final String TOKEN = "Xk2jP9factoryTokenValue0123456789abcdEFGH";
    private final CloudflareProviderFactory factory = new CloudflareProviderFactory();

    private static ProviderSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new ProviderSettings("cf1", values);
    }

    @Test
    void isFoundByServiceLoaderAsTypeCloudflare() {
        assertThat(ServiceLoader.load(DnsProviderFactory.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(f -> f.type().equals("cloudflare"))
                .singleElement()
                .isInstanceOf(CloudflareProviderFactory.class);
    }

    @Test
    void declaresASecretRequiredTokenAndAnOptionalEndpointDefaultingToCloudflare() {
        assertThat(factory.settings()).extracting(SettingSpec::name, SettingSpec::required, SettingSpec::secret)
                .containsExactly(tuple("apiToken", true, true), tuple("endpoint", false, false));
        assertThat(factory.settings().get(1).example()).isEqualTo("https://api.cloudflare.com/client/v4");
    }

    @Test
    void declaresAddressCnameAndMarkerRecordsFromSixtySecondsWithoutConditionalWritesOrSync() {
        assertThat(factory.capabilities().recordTypes())
                .containsExactlyInAnyOrder(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT);
        assertThat(factory.capabilities().supports(RecordType.ANAME)).isFalse();
        assertThat(factory.capabilities().minimumTtl()).isEqualTo(60);
        assertThat(factory.capabilities().conditionalWrites()).isFalse();
        assertThat(factory.capabilities().syncStatus()).isFalse();
    }

    @Test
    void acceptsATokenAloneOrWithAnHttpEndpoint() {
        assertThat(factory.validate(settings("apiToken", TOKEN))).isEmpty();
        assertThat(factory.validate(settings("apiToken", TOKEN, "endpoint", "http://127.0.0.1:8080/client/v4/"))).isEmpty();
        assertThat(factory.validate(settings("apiToken", "cfut_" + TOKEN, "endpoint", "https://cf-proxy.example.com/client/v4"))).isEmpty();
    }

    @Test
    void aMissingTokenSaysWhatToWrite() {
        assertThat(factory.validate(settings()))
                .containsOnlyKeys("apiToken")
                .hasEntrySatisfying("apiToken", m -> assertThat(m).contains("needs apiToken", "Zone:DNS:Edit", "${env:"));
        assertThat(factory.validate(settings("apiToken", " "))).containsOnlyKeys("apiToken");
    }

    @Test
    void aTokenWithTheBearerPrefixIsRefusedWithoutShowingIt() {
        assertThat(factory.validate(settings("apiToken", "Bearer " + TOKEN)))
                .containsOnlyKeys("apiToken")
                .hasEntrySatisfying("apiToken", m -> assertThat(m).contains("leave out the 'Bearer ' prefix").doesNotContain(TOKEN));
    }

    @Test
    void aTokenWithALineBreakIsRefusedWithoutShowingIt() {
        assertThat(factory.validate(settings("apiToken", TOKEN + "\n")))
                .containsOnlyKeys("apiToken")
                .hasEntrySatisfying("apiToken", m -> assertThat(m).contains("line break").doesNotContain(TOKEN));
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefused() {
        for (String bad : new String[] {"api.cloudflare.com/client/v4", "ftp://127.0.0.1/client/v4", "not a url", "http://", ""}) {
            assertThat(factory.validate(settings("apiToken", TOKEN, "endpoint", bad)))
                    .as(bad)
                    .containsOnlyKeys("endpoint")
                    .hasEntrySatisfying("endpoint", m -> assertThat(m).contains("http:// or https:// URL", "https://api.cloudflare.com/client/v4"));
        }
    }

    @Test
    void anEndpointWithQueryOrCredentialsIsRefused() {
        assertThat(factory.validate(settings("apiToken", TOKEN, "endpoint", "https://api.cloudflare.com/client/v4?x=1")))
                .containsOnlyKeys("endpoint");
        assertThat(factory.validate(settings("apiToken", TOKEN, "endpoint", "https://user:pw@api.cloudflare.com/client/v4")))
                .containsOnlyKeys("endpoint")
                .hasEntrySatisfying("endpoint", m -> assertThat(m).doesNotContain("pw@"));
    }

    @Test
    void createRefusesInvalidSettingsWithoutShowingTheToken() {
        assertThatThrownBy(() -> factory.create(settings("apiToken", TOKEN, "endpoint", "ftp://x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cf1")
                .hasMessageContaining("endpoint must be")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aCreatedProviderShowsItsEndpointButNoToken() {
        try (DnsProvider provider = factory.create(settings("apiToken", TOKEN))) {
            assertThat(provider.toString()).contains("cf1", "https://api.cloudflare.com/client/v4").doesNotContain(TOKEN);
            assertThat(provider.capabilities()).isEqualTo(factory.capabilities());
        }
    }
}
