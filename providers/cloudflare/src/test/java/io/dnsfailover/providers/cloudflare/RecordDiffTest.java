package io.dnsfailover.providers.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The difference between Cloudflare's records (one per value) and a desired record set. */
class RecordDiffTest {

    static final RecordKey A = new RecordKey("hosting.test", "atlanta1.hosting.test", RecordType.A);

    static CloudflareWire.DnsRecord rec(String id, String content, Integer ttl, boolean proxied) {
        return new CloudflareWire.DnsRecord(id, "A", "atlanta1.hosting.test", content, ttl, proxied);
    }

    @Test
    void aSetAlreadyInPlaceNeedsNothing() {
        assertThat(RecordDiff.of(A, List.of(rec("r1", "192.0.2.1", 60, false)), RecordSet.of(A, 60, "192.0.2.1")).isEmpty()).isTrue();
    }

    @Test
    void automaticTtlCountsAs300() {
        assertThat(RecordDiff.effectiveTtl(rec("r1", "192.0.2.1", 1, false))).isEqualTo(300);
        assertThat(RecordDiff.effectiveTtl(rec("r1", "192.0.2.1", null, false))).isEqualTo(300);
        assertThat(RecordDiff.of(A, List.of(rec("r1", "192.0.2.1", 1, false)), RecordSet.of(A, 300, "192.0.2.1")).isEmpty()).isTrue();
    }

    @Test
    void aProxiedRecordNeverGetsATtl() {
        RecordDiff diff = RecordDiff.of(A, List.of(rec("r1", "192.0.2.1", 1, true)), RecordSet.of(A, 60, "198.51.100.2"));
        assertThat(diff.patches()).singleElement().satisfies(p -> {
            assertThat(p.patch().content()).isEqualTo("198.51.100.2");
            assertThat(p.patch().ttl()).isNull();
        });
        assertThat(RecordDiff.of(A, List.of(rec("r1", "192.0.2.1", 1, true)), RecordSet.of(A, 60, "192.0.2.1")).isEmpty()).isTrue();
    }

    @Test
    void aValueAddedBesideProxiedRecordsIsProxiedToo() {
        RecordDiff diff = RecordDiff.of(A, List.of(rec("r1", "192.0.2.1", 1, true)), RecordSet.of(A, 60, "192.0.2.1", "192.0.2.2"));
        assertThat(diff.creates()).singleElement().satisfies(c -> assertThat(c.proxied()).isTrue());
    }

    @Test
    void aRecordWhoseContentIsNoAddressIsRepointedNotKept() {
        RecordDiff diff = RecordDiff.of(A, List.of(rec("r1", "not-an-ip", 60, false)), RecordSet.of(A, 60, "192.0.2.1"));
        assertThat(diff.patches()).singleElement().satisfies(p -> assertThat(p.record().id()).isEqualTo("r1"));
    }

    @Test
    void deletingTakesEveryRecord() {
        List<CloudflareWire.DnsRecord> live = List.of(rec("r1", "192.0.2.1", 60, false), rec("r2", "192.0.2.2", 60, false));
        assertThat(RecordDiff.of(A, live, null).deletes()).isEqualTo(live);
    }
}
