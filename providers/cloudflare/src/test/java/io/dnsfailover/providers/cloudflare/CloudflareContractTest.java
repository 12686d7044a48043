package io.dnsfailover.providers.cloudflare;

import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.testkit.DnsProviderContract;
import io.dnsfailover.providers.testkit.fakes.CloudflareFake;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared provider contract against the stateful Cloudflare fake. The fake pages every list at two
 * items, so the three-value set of the contract is read across pages; it models an Enterprise zone (TTL
 * floor 30 s) because the contract writes a TTL of 30, below the 60 s this adapter declares for other plans.
 */
class CloudflareContractTest extends DnsProviderContract {

    private static final String ZONE = "contract.test";
    private static final String TOKEN = "contract-token-" + UUID.randomUUID();
    private static CloudflareFake fake;
    private static DnsProvider provider;

    @BeforeAll
    static void startFake() {
        fake = CloudflareFake.start(TOKEN).maxPerPage(2).minimumTtl(30);
        fake.addZone("other.test");
        fake.addZone(ZONE);
        provider = new CloudflareProviderFactory().create(new ProviderSettings("cf-contract",
                Map.of("apiToken", TOKEN, "endpoint", fake.endpoint())));
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
