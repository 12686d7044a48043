package io.dnsfailover.providers.rfc2136;

import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.BindServer;
import io.dnsfailover.providers.testkit.DnsProviderContract;
import io.dnsfailover.providers.testkit.DnsQuery;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared provider contract against a real BIND 9, every write checked with a real DNS query. */
class Rfc2136ContractTest extends DnsProviderContract {

    private static final String ZONE = "contract.test";

    private static BindServer bind;
    private static DnsProvider provider;

    @BeforeAll
    static void startBind() {
        bind = BindServer.start(ZONE);
        provider = new Rfc2136ProviderFactory().create(BindSettings.signed(bind));
    }

    @AfterAll
    static void stopBind() {
        if (provider != null) {
            provider.close();
        }
        if (bind != null) {
            bind.close();
        }
    }

    @Override
    protected DnsProvider provider() {
        return provider;
    }

    @Override
    protected String zone() {
        return ZONE;
    }

    @Override
    protected Optional<DnsQuery.Answer> served(String name, RecordType type) {
        return Optional.of(DnsQuery.ask(bind.dnsAddress(), name, type));
    }
}
