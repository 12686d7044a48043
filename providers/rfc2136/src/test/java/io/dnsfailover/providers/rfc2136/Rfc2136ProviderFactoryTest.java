package io.dnsfailover.providers.rfc2136;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings, validation and discovery of the rfc2136 type; no I/O. */
class Rfc2136ProviderFactoryTest {

    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";
    private final Rfc2136ProviderFactory factory = new Rfc2136ProviderFactory();

    @Test
    void isFoundByServiceLoaderAsRfc2136() {
        assertThat(ServiceLoader.load(DnsProviderFactory.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(f -> f.type().equals("rfc2136"))
                .singleElement().isInstanceOf(Rfc2136ProviderFactory.class);
    }

    @Test
    void declaresConditionalWritesOfAddressesAliasesAndTextButNoAname() {
        assertThat(factory.capabilities().recordTypes())
                .containsExactlyInAnyOrder(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT);
        assertThat(factory.capabilities().conditionalWrites()).isTrue();
        assertThat(factory.capabilities().syncStatus()).isFalse();
        assertThat(factory.capabilities().minimumTtl()).isZero();
    }

    @Test
    void requiresOnlyTheServerAndMarksTheSecretSecret() {
        assertThat(factory.settings()).filteredOn(SettingSpec::required).extracting(SettingSpec::name).containsExactly("server");
        assertThat(factory.settings()).filteredOn(SettingSpec::secret).extracting(SettingSpec::name).containsExactly("tsigSecret");
        assertThat(factory.settings()).extracting(SettingSpec::name)
                .containsExactlyInAnyOrder("server", "port", "tsigKeyName", "tsigSecret", "tsigAlgorithm");
    }

    @Test
    void acceptsAFullSignedConfiguration() {
        assertThat(factory.validate(settings("server", "192.0.2.53", "port", "5353", "tsigKeyName", "dnsfailover-key",
                "tsigSecret", SECRET, "tsigAlgorithm", "HMAC-SHA512"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.53", "2001:db8::53", "ns1.example.com", "localhost", "ns1.example.com."})
    void acceptsAnAddressOrHostNameAsServer(String server) {
        assertThat(factory.validate(settings("server", server))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://ns1.example.com", "ns1 example", "192.0.2", "ns1..example.com", "-ns1.example.com"})
    void rejectsAServerThatIsNeitherAddressNorHostName(String server) {
        assertThat(factory.validate(settings("server", server))).containsOnlyKeys("server");
    }

    @Test
    void requiresTheServer() {
        Map<String, String> problems = factory.validate(settings("port", "53"));
        assertThat(problems).containsOnlyKeys("server");
        assertThat(problems.get("server")).contains("IP address or host name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "53a", "fifty-three"})
    void rejectsAPortOutsideOneTo65535(String port) {
        Map<String, String> problems = factory.validate(settings("server", "192.0.2.53", "port", port));
        assertThat(problems).containsOnlyKeys("port");
        assertThat(problems.get("port")).isEqualTo("port must be a number from 1 to 65535, but was '" + port + "'");
    }

    @Test
    void rejectsASecretWithoutAKeyName() {
        Map<String, String> problems = factory.validate(settings("server", "192.0.2.53", "tsigSecret", SECRET));
        assertThat(problems).containsOnlyKeys("tsigKeyName");
        assertThat(problems.get("tsigKeyName")).contains("needed with tsigSecret").doesNotContain(SECRET);
    }

    @Test
    void rejectsAKeyNameWithoutASecret() {
        Map<String, String> problems = factory.validate(settings("server", "192.0.2.53", "tsigKeyName", "dnsfailover-key"));
        assertThat(problems).containsOnlyKeys("tsigSecret");
        assertThat(problems.get("tsigSecret")).contains("needed with tsigKeyName");
    }

    @Test
    void rejectsASecretThatIsNotBase64WithoutShowingIt() {
        String notBase64 = "hunter2-is-my-password!";
        Map<String, String> problems = factory.validate(settings("server", "192.0.2.53", "tsigKeyName", "k", "tsigSecret", notBase64));
        assertThat(problems).containsOnlyKeys("tsigSecret");
        assertThat(problems.get("tsigSecret")).contains("not valid base64").doesNotContain(notBase64).doesNotContain("hunter2");
    }

    @Test
    void rejectsAKeyNameThatIsNotADnsName() {
        assertThat(factory.validate(settings("server", "192.0.2.53", "tsigKeyName", "my key", "tsigSecret", SECRET)))
                .containsOnlyKeys("tsigKeyName");
    }

    @Test
    void rejectsAnUnknownAlgorithmNamingTheKnownOnes() {
        Map<String, String> problems = factory.validate(settings("server", "192.0.2.53", "tsigKeyName", "k", "tsigSecret", SECRET,
                "tsigAlgorithm", "hmac-sha3"));
        assertThat(problems).containsOnlyKeys("tsigAlgorithm");
        assertThat(problems.get("tsigAlgorithm")).contains("hmac-sha256", "hmac-md5", "but was 'hmac-sha3'");
    }

    @Test
    void createRefusesInvalidSettingsWithoutShowingTheSecret() {
        assertThatThrownBy(() -> factory.create(settings("server", "192.0.2.53", "tsigSecret", SECRET)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tsigKeyName is needed")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void createDoesNoIoAndNeverShowsTheSecret() {
        // an unresolvable host name: create must not look it up
        DnsProvider provider = factory.create(settings("server", "ns1.invalid", "tsigKeyName", "dnsfailover-key", "tsigSecret", SECRET));
        assertThat(provider.toString()).contains("ns1.invalid:53", "dnsfailover-key").doesNotContain(SECRET);
        assertThat(provider.capabilities()).isEqualTo(factory.capabilities());
    }

    private static ProviderSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new ProviderSettings("test", values);
    }
}
