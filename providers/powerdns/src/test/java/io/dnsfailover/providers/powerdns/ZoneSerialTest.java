package io.dnsfailover.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the zone serial tells about writes besides ours, per soa_edit_api mode as PowerDNS 4.7 applies it. */
class ZoneSerialTest {

    @Test
    void increaseByOneIsOurWriteAlone() {
        assertThat(ZoneSerial.otherWrites("INCREASE", "", 41, 42)).isEmpty();
    }

    @Test
    void increaseByTwoIsOneOtherWrite() {
        assertThat(ZoneSerial.otherWrites("INCREASE", "", 41, 43)).contains("the zone serial went from 41 to 43 between our"
                + " read and our read-back, one change more than our write makes (soa_edit_api INCREASE)");
    }

    @Test
    void increaseCountsSeveralOtherWrites() {
        assertThat(ZoneSerial.otherWrites("increase", null, 41, 45)).hasValueSatisfying(clause ->
                assertThat(clause).contains("3 changes more than our write makes"));
    }

    @Test
    void increaseWrapsAroundAtTwoToTheThirtyTwo() {
        assertThat(ZoneSerial.otherWrites("INCREASE", "", 4294967295L, 0)).isEmpty();
        assertThat(ZoneSerial.otherWrites("INCREASE", "", 4294967295L, 1)).hasValueSatisfying(clause ->
                assertThat(clause).contains("one change more"));
    }

    @Test
    void aSerialThatStayedOrWentBackIsSomeoneElseSettingTheSoa() {
        assertThat(ZoneSerial.otherWrites("INCREASE", "", 41, 41)).hasValueSatisfying(clause ->
                assertThat(clause).contains("from 41 to 41", "something else set the SOA serial"));
        assertThat(ZoneSerial.otherWrites("DEFAULT", "", 2026120305, 2026120301)).hasValueSatisfying(clause ->
                assertThat(clause).contains("something else set the SOA serial"));
    }

    @Test
    void defaultByOneIsOurWriteAlone() {
        assertThat(ZoneSerial.otherWrites("DEFAULT", "", 2026120301, 2026120302)).isEmpty();
    }

    @Test
    void defaultByTwoIsOneOtherWrite() {
        assertThat(ZoneSerial.otherWrites("DEFAULT", "", 2026120301, 2026120303)).contains("the zone serial went from"
                + " 2026120301 to 2026120303 between our read and our read-back, one change more than our write makes"
                + " (soa_edit_api DEFAULT)");
    }

    @Test
    void defaultJumpingToTodaysFirstSerialIsOurWriteAlone() {
        assertThat(ZoneSerial.otherWrites("DEFAULT", "", 2026120217, 2026120301)).isEmpty();
        assertThat(ZoneSerial.otherWrites("DEFAULT", "", 0, 2026120301)).isEmpty();
    }

    @Test
    void defaultJumpingToTodayAndOnIsOtherWrites() {
        assertThat(ZoneSerial.otherWrites("DEFAULT", "", 2026120217, 2026120302)).hasValueSatisfying(clause ->
                assertThat(clause).contains("one change more"));
        assertThat(ZoneSerial.otherWrites("DEFAULT", "", 7, 2026120304)).hasValueSatisfying(clause ->
                assertThat(clause).contains("3 changes more"));
    }

    @Test
    void defaultPastTheHundredthChangeOfADayCountsByOneAndLeansToOurWriteWhereItCannotTell() {
        assertThat(ZoneSerial.otherWrites("DEFAULT", "", 2026120399, 2026120400)).isEmpty();
        // two writes today (400, 401) or our write alone on the next day (that day's 01): never a false alarm
        assertThat(ZoneSerial.otherWrites("DEFAULT", "", 2026120399, 2026120401)).isEmpty();
        assertThat(ZoneSerial.otherWrites("DEFAULT", "", 2026120399, 2026120402)).hasValueSatisfying(clause ->
                assertThat(clause).contains("more than our write makes"));
    }

    @Test
    void soaEditIncreaseWithoutSoaEditCountsLikeIncrease() {
        assertThat(ZoneSerial.otherWrites("SOA-EDIT-INCREASE", "", 5, 6)).isEmpty();
        assertThat(ZoneSerial.otherWrites("SOA-EDIT-INCREASE", "", 5, 7)).hasValueSatisfying(clause ->
                assertThat(clause).contains("one change more", "SOA-EDIT-INCREASE"));
    }

    @Test
    void soaEditIncreaseWithAnSoaEditCannotTell() {
        assertThat(ZoneSerial.otherWrites("SOA-EDIT-INCREASE", "INCEPTION-EPOCH", 5, 9)).isEmpty();
    }

    @Test
    void epochCannotTellHowManyWritesASecondHeld() {
        assertThat(ZoneSerial.otherWrites("EPOCH", "", 1796302942, 1796302952)).isEmpty();
        assertThat(ZoneSerial.otherWrites("EPOCH", "", 1796302952, 1796302952)).isEmpty();
    }

    @Test
    void offLeavesTheSerialSoOnlyAMovedSerialTellsAnything() {
        assertThat(ZoneSerial.otherWrites("", "", 7, 7)).isEmpty();
        assertThat(ZoneSerial.otherWrites(null, null, 7, 7)).isEmpty();
        assertThat(ZoneSerial.otherWrites("", "", 7, 8)).hasValueSatisfying(clause ->
                assertThat(clause).contains("from 7 to 8", "with soa_edit_api off our write leaves it alone"));
    }

    @Test
    void anUnknownModeCannotTell() {
        assertThat(ZoneSerial.otherWrites("SOA-EDIT", "", 5, 9)).isEmpty();
    }
}
