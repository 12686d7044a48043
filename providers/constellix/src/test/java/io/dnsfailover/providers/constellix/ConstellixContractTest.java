package io.dnsfailover.providers.constellix;

import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.testkit.DnsProviderContract;
import io.dnsfailover.providers.testkit.fakes.ConstellixFake;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared provider contract against the stateful Constellix fake. The fake serves at most five records
 * a page, so the records the suite creates soon spread over several pages, and it has a neighbour domain
 * whose name contains the zone's, so only an exact match finds the right one.
 */
class ConstellixContractTest extends DnsProviderContract {

    private static final String ZONE = "contract.test";
    private static ConstellixFake fake;
    private static DnsProvider provider;

    @BeforeAll
    static void startFake() {
        fake = ConstellixFake.start("contract-api-key", "contract-secret-key").maxPerPage(5);
        fake.addDomain("old-" + ZONE);
        fake.addDomain(ZONE);
        provider = new ConstellixProviderFactory().create(new ProviderSettings("constellix-contract",
                Map.of("endpoint", fake.endpoint(), "apiKey", "contract-api-key", "secretKey", "contract-secret-key")));
    }

    @AfterAll
    static void stopFake() {
        if (provider != null) {
            provider.close();
        }
        if (fake != null) {
            fake.close();
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
}
