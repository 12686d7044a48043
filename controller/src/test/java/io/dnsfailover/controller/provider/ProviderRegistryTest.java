package io.dnsfailover.controller.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.SettingSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    record Named(String type) implements DnsProviderFactory {
        @Override
        public List<SettingSpec> settings() {
            return List.of();
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Set.of(), 0, false, false);
        }

        @Override
        public DnsProvider create(ProviderSettings settings) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void findsTheAdaptersOnTheClassPath() {
        assertThat(ProviderRegistry.load().types()).contains("inmemory", "powerdns", "rfc2136");
    }

    @Test
    void refusesTwoAdaptersOfOneType() {
        assertThatThrownBy(() -> ProviderRegistry.of(List.of(new Named("x"), new Named("x"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two provider adapters claim type 'x'");
    }
}
