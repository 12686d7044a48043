package io.dnsfailover.controller.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    record At(Instant at) {}

    static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule()).addModule(InstantText.module()).build();

    @Test
    void readsEveryInstantAsInstantToStringWritesIt() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() + 1);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            assertThat(InstantText.parse(t.toString())).as(t.toString()).isEqualTo(t);
        }
        assertThat(InstantText.parse("2026-12-04T03:36:17.0Z")).isEqualTo(Instant.parse("2026-12-04T03:36:17Z"));
        assertThat(InstantText.parse("2024-02-29T23:59:59.5Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.5Z"));
        assertThat(InstantText.parse("2026-12-04T03:36:17.69444601Z")).isEqualTo(Instant.parse("2026-12-04T03:36:17.69444601Z"));
    }

    @Test
    void leavesEveryOtherSpellingToTheGeneralReader() {
        for (String other : List.of("2026-12-04T03:36:17+01:00", "2026-12-04T03:36:17", "2026-12-04 03:36:17Z", "2026-12-04T03:36Z",
                "2026-13-04T03:36:17Z", "2026-02-30T03:36:17Z", "2025-02-29T00:00:00Z", "2026-12-04T24:00:00Z", "2026-12-04T03:60:17Z",
                "2026-12-04T03:36:60Z", "2026-12-04T03:36:17.Z", "2026-12-04T03:36:17.1234567890Z", "2026-12-04T03:36:17,5Z",
                "2026-1a-04T03:36:17Z", "+12026-12-04T03:36:17Z", "-0001-12-04T03:36:17Z", "", "2026-12-04T03:36:17.5z",
                // a letter or a neighbour of the digits in any field
                "20x6-12-04T03:36:17Z", "2026-1x-04T03:36:17Z", "2026-12-0xT03:36:17Z", "2026-12-04T0x:36:17Z",
                "2026-12-04T03:3x:17Z", "2026-12-04T03:36:1xZ", "2026-12-04T03:36:17.5x3Z", "2026-12-04T03:36:1/Z",
                "2026-12-04T03:36:1:Z", "2026-12-04T03:36:17./Z", "2026-12-04T03:36:17.:Z")) {
            assertThat(InstantText.parse(other)).as(other).isNull();
        }
    }

    @Test
    void theModuleReadsWhatJacksonsReaderReadAndFailsWhereItFails() throws Exception {
        assertThat(MAPPER.readValue("{\"at\":\"2026-12-04T03:36:17.694446012Z\"}", At.class).at())
                .isEqualTo(Instant.parse("2026-12-04T03:36:17.694446012Z"));
        // the general reader still reads an offset, epoch seconds and null, as the state files were read before
        assertThat(MAPPER.readValue("{\"at\":\"2026-12-04T04:36:17+01:00\"}", At.class).at()).isEqualTo(Instant.parse("2026-12-04T03:36:17Z"));
        assertThat(MAPPER.readValue("{\"at\":1764819377.5}", At.class).at()).isEqualTo(Instant.ofEpochSecond(1764819377, 500_000_000));
        assertThat(MAPPER.readValue("{\"at\":null}", At.class).at()).isNull();
        assertThatThrownBy(() -> MAPPER.readValue("{\"at\":\"2026-02-30T03:36:17Z\"}", At.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("2026-02-30T03:36:17Z");
    }

    @Test
    void theStatesOwnSamplesReadBack() {
        FileStateStore.warmUp(); // throws when a sample does not read back
    }
}
