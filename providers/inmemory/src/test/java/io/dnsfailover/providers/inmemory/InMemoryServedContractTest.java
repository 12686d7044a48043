package io.dnsfailover.providers.inmemory;

import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.DnsProviderContract;
import io.dnsfailover.providers.testkit.DnsQuery;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract again, with every write also checked by a real DNS query to the provider's serveDns listener. */
class InMemoryServedContractTest extends DnsProviderContract {

    private static InMemoryProvider provider;

    @BeforeAll
    static void serve() {
        provider = InMemoryProviderFactory.isolated();
        provider.serveDns(new InetSocketAddress("127.0.0.1", 0), "contract");
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Override
    protected DnsProvider provider() {
        return provider;
    }

    @Override
    protected String zone() {
        return "example.test";
    }

    @Override
    protected Optional<DnsQuery.Answer> served(String name, RecordType type) {
        return Optional.of(DnsQuery.ask(provider.dnsAddress().orElseThrow(), name, type));
    }
}
