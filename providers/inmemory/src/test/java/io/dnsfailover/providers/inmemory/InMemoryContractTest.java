package io.dnsfailover.providers.inmemory;

import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.testkit.DnsProviderContract;

class InMemoryContractTest extends DnsProviderContract {

    private final DnsProvider provider = InMemoryProviderFactory.isolated();

    @Override
    protected DnsProvider provider() {
        return provider;
    }

    @Override
    protected String zone() {
        return "example.test";
    }
}
