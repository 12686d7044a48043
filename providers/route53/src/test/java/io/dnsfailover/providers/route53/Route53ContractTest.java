package io.dnsfailover.providers.route53;

import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.testkit.DnsProviderContract;
import io.dnsfailover.providers.testkit.fakes.Route53Fake;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared provider contract against the stateful Route 53 fake, which checks every signature and runs
 * change batches transactionally, as Route 53 does.
 */
class Route53ContractTest extends DnsProviderContract {

    private static final String ZONE = "contract.test";
    private static Route53Fake fake;
    private static DnsProvider provider;

    @BeforeAll
    static void start() {
        fake = Route53Fake.start();
        fake.createZone(ZONE);
        provider = new Route53ProviderFactory().create(new ProviderSettings("r53-contract", Map.of(
                "endpoint", fake.url(), "accessKeyId", fake.accessKeyId(), "secretAccessKey", fake.secretAccessKey())));
    }

    @AfterAll
    static void stop() {
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
