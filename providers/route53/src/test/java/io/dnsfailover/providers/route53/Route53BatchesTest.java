package io.dnsfailover.providers.route53;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changes of one apply share a ChangeBatch. */
class Route53BatchesTest {

    private static Change create(String zone, String name, RecordType type, String value) {
        return Change.create(RecordSet.of(new RecordKey(zone, name, type), 60, value));
    }

    @Test
    void consecutiveChangesToOneZoneShareABatchInTheirOrder() {
        Change marker = create("example.com", "_dnsfailover.a.example.com", RecordType.TXT, "heritage=dnsfailover,owner=x");
        Change record = create("example.com", "a.example.com", RecordType.A, "192.0.2.1");

        assertThat(Route53Provider.batches(List.of(marker, record))).containsExactly(List.of(marker, record));
    }

    @Test
    void anotherZoneOrTheSameRecordSetAgainStartsANewBatch() {
        Change a = create("example.com", "a.example.com", RecordType.A, "192.0.2.1");
        Change b = create("example.net", "b.example.net", RecordType.A, "192.0.2.2");
        Change c = create("example.com", "c.example.com", RecordType.A, "192.0.2.3");
        Change again = create("example.com", "c.example.com", RecordType.A, "192.0.2.4");

        assertThat(Route53Provider.batches(List.of(a, b, c, again))).containsExactly(List.of(a), List.of(b), List.of(c), List.of(again));
        assertThat(Route53Provider.batches(List.of())).isEmpty();
    }
}
