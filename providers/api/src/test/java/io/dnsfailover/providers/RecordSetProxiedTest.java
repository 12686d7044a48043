package io.dnsfailover.providers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A proxied set serves its values whatever its TTL, which the provider keeps; the TTL still counts for the rest. */
class RecordSetProxiedTest {

    static final RecordKey KEY = new RecordKey("hosting.test", "atlanta1.hosting.test", RecordType.A);
    static final RecordSet WANTED = RecordSet.of(KEY, 60, "192.0.2.10");

    @Test
    void aProxiedSetWithTheWantedValuesSatisfiesWhateverItsTtl() {
        assertThat(RecordSet.of(KEY, 300, "192.0.2.10").asProxied().satisfies(WANTED)).isTrue();
        assertThat(RecordSet.of(KEY, 300, "192.0.2.10").asProxied()).as("but it is not the same set").isNotEqualTo(WANTED);
    }

    @Test
    void aSetThatIsNotProxiedMustHaveTheWantedTtl() {
        assertThat(RecordSet.of(KEY, 300, "192.0.2.10").satisfies(WANTED)).isFalse();
        assertThat(RecordSet.of(KEY, 60, "192.0.2.10").satisfies(WANTED)).isTrue();
    }

    @Test
    void otherValuesNeverSatisfyNorDoesAnotherKeyOrNothing() {
        assertThat(RecordSet.of(KEY, 300, "192.0.2.11").asProxied().satisfies(WANTED)).isFalse();
        RecordKey other = new RecordKey("hosting.test", "atlanta2.hosting.test", RecordType.A);
        assertThat(RecordSet.of(other, 60, "192.0.2.10").satisfies(WANTED)).isFalse();
        assertThat(WANTED.satisfies(null)).isFalse();
    }

    @Test
    void aSetThatIsNotProxiedDoesNotSatisfyAProxiedOne() {
        assertThat(WANTED.satisfies(WANTED.asProxied())).isFalse();
    }

    @Test
    void aChangeIsDoneInAProxiedSetOfItsValuesButNotInAbsence() {
        Change c = Change.replace(RecordSet.of(KEY, 300, "192.0.2.9").asProxied(), WANTED);
        assertThat(c.isDoneIn(RecordSet.of(KEY, 300, "192.0.2.10").asProxied())).isTrue();
        assertThat(c.isDoneIn(RecordSet.of(KEY, 300, "192.0.2.9").asProxied())).isFalse();
        assertThat(c.isDoneIn(null)).isFalse();
        assertThat(Change.delete(WANTED).isDoneIn(null)).isTrue();
    }

    @Test
    void theTextSaysProxied() {
        assertThat(RecordSet.of(KEY, 300, "192.0.2.10").asProxied()).hasToString("atlanta1.hosting.test A 300 [192.0.2.10] (proxied)");
        assertThat(WANTED).hasToString("atlanta1.hosting.test A 60 [192.0.2.10]");
    }
}
