package io.dnsfailover.providers.dnsmadeeasy;

import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.testkit.DnsProviderContract;
import io.dnsfailover.providers.testkit.fakes.DnsMadeEasyFake;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The shared provider contract against the stateful DNS Made Easy fake: once as DNS Made Easy answers by
 * default (every record in one page), and once with one record per page, so that every read of a record
 * set of several values has to follow the pages.
 */
class DnsMadeEasyContractTest extends DnsProviderContract {

    private static final String ZONE = "contract.test";
    private static DnsMadeEasyFake fake;
    private static DnsProvider provider;

    @BeforeAll
    static void start() {
        // the contract makes a few hundred requests: more than the real 150 per 5 minutes
        fake = DnsMadeEasyFake.start().requestLimit(100_000);
        fake.addZone(ZONE);
        provider = create(fake);
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

    static DnsProvider create(DnsMadeEasyFake fake) {
        return new DnsMadeEasyProviderFactory().create(new ProviderSettings("dme-contract",
                Map.of("apiKey", fake.apiKey(), "secretKey", fake.secretKey(), "endpoint", fake.endpoint())));
    }

    @Override
    protected DnsProvider provider() {
        return provider;
    }

    @Override
    protected String zone() {
        return ZONE;
    }

    @Nested
    class OneRecordPerPage extends DnsProviderContract {

        private static DnsMadeEasyFake paged;
        private static DnsProvider pagedProvider;

        @BeforeAll
        static void startPaged() {
            paged = DnsMadeEasyFake.start().requestLimit(100_000).pageSize(1);
            paged.addZone(ZONE);
            pagedProvider = create(paged);
        }

        @AfterAll
        static void stopPaged() {
            if (pagedProvider != null) {
                pagedProvider.close();
            }
            if (paged != null) {
                paged.close();
            }
        }

        @Override
        protected DnsProvider provider() {
            return pagedProvider;
        }

        @Override
        protected String zone() {
            return ZONE;
        }
    }
}
