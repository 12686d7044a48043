package io.dnsfailover.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** TXT text ↔ PowerDNS content (zone-file presentation), both ways. */
class PowerDnsTxtTest {

    @Test
    void quotesTheTextAndKeepsItsSpaces() {
        assertThat(PowerDnsTxt.content("heritage=dnsfailover,owner=web 1")).isEqualTo("\"heritage=dnsfailover,owner=web 1\"");
    }

    @Test
    void escapesQuotesAndBackslashes() {
        assertThat(PowerDnsTxt.content("team \"b\" \\ web2")).isEqualTo("\"team \\\"b\\\" \\\\ web2\"");
    }

    @Test
    void splitsTextOver255BytesIntoSeveralStrings() {
        String text = "a".repeat(255) + "b".repeat(45);

        assertThat(PowerDnsTxt.content(text)).isEqualTo("\"" + "a".repeat(255) + "\" \"" + "b".repeat(45) + "\"");
    }

    @Test
    void countsTheLimitInUtf8BytesAndNeverSplitsACharacter() {
        // 254 bytes, then a two-byte character that would end at byte 256
        String content = PowerDnsTxt.content("x".repeat(254) + "ü" + "y");

        assertThat(content).isEqualTo("\"" + "x".repeat(254) + "\" \"üy\"");
    }

    @Test
    void escapesCountAsTheOneByteTheyStandFor() {
        String text = "\"".repeat(255) + "\\";

        String content = PowerDnsTxt.content(text);

        assertThat(content).isEqualTo("\"" + "\\\"".repeat(255) + "\" \"\\\\\"");
        assertThat(PowerDnsTxt.text(content)).isEqualTo(text);
    }

    @Test
    void readsTheStringsUnquotedUnescapedAndJoined() {
        assertThat(PowerDnsTxt.text("\"team \\\"b\\\" \" \"\\\\ web2\"")).isEqualTo("team \"b\" \\ web2");
    }

    @Test
    void readsDecimalEscapesAsUtf8Bytes() {
        assertThat(PowerDnsTxt.text("\"gr\\195\\188n\"")).isEqualTo("grün");
    }

    @Test
    void readsRawUtf8AsWritten() {
        assertThat(PowerDnsTxt.text("\"grün\"")).isEqualTo("grün");
    }

    @Test
    void readsUnquotedStringsAnOperatorPutIntoTheDatabase() {
        assertThat(PowerDnsTxt.text("heritage=dnsfailover \"two\"")).isEqualTo("heritage=dnsfailovertwo");
    }

    @Test
    void keepsSpacesInsideQuotesAndDropsThoseBetweenStrings() {
        assertThat(PowerDnsTxt.text("  \" a \"   \"b \"  ")).isEqualTo(" a b ");
    }

    @Test
    void refusesAQuoteThatIsNeverClosed() {
        assertThatThrownBy(() -> PowerDnsTxt.text("\"open")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never closed");
    }

    @Test
    void refusesAContentEndingInABackslash() {
        assertThatThrownBy(() -> PowerDnsTxt.text("\"end\\")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesADecimalEscapeAboveAByte() {
        assertThatThrownBy(() -> PowerDnsTxt.text("\"\\256\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a byte");
    }

    @ParameterizedTest
    @ValueSource(strings = {"heritage=dnsfailover,owner=web1", "a b", "\"", "\\", "\\\"", "\\123", "grün 🙂", ";semi;"})
    void readsBackWhatItWrites(String text) {
        assertThat(PowerDnsTxt.text(PowerDnsTxt.content(text))).isEqualTo(text);
    }

    @Test
    void readsBackALongTextWithEveryStringWithinTheLimit() {
        String text = ("ü\"\\ x").repeat(200);

        String content = PowerDnsTxt.content(text);

        assertThat(PowerDnsTxt.text(content)).isEqualTo(text);
        for (String string : content.substring(1, content.length() - 1).split("\" \"")) {
            assertThat(PowerDnsTxt.text("\"" + string + "\"").getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(255);
        }
    }
}
