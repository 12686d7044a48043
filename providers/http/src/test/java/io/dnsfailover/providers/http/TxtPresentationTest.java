package io.dnsfailover.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dnsfailover.providers.http.TxtPresentation.Numeric;
import org.junit.jupiter.api.Test;

class TxtPresentationTest {

    private static final String MARKER = "heritage=dnsfailover,owner=team \"b\" \\ web2";

    @Test
    void quotesTheTextEscapingQuotesAndBackslashes() {
        assertThat(TxtPresentation.quote(MARKER, 255, Numeric.DECIMAL, c -> false))
                .isEqualTo("\"heritage=dnsfailover,owner=team \\\"b\\\" \\\\ web2\"");
    }

    @Test
    void writesTheCharactersAskedForAsNumericEscapesInTheBaseGiven() {
        assertThat(TxtPresentation.quote("a\"b", 0, Numeric.DECIMAL, c -> c == '"')).isEqualTo("\"a\\034b\"");
        // Route 53's own example: "exämple.com" is "ex\344mple.com" there (one byte per escape, UTF-8 here)
        assertThat(TxtPresentation.quote("exämple", 255, Numeric.OCTAL, c -> c >= 0x7f)).isEqualTo("\"ex\\303\\244mple\"");
        assertThat(TxtPresentation.quote("exämple", 255, Numeric.DECIMAL, c -> c >= 0x7f)).isEqualTo("\"ex\\195\\164mple\"");
    }

    @Test
    void splitsALongTextIntoStringsOfAtMost255BytesBetweenCharacters() {
        String text = "a".repeat(254) + "é" + "b".repeat(10);
        String quoted = TxtPresentation.quote(text, 255, Numeric.DECIMAL, c -> false);
        // é is two bytes: it does not fit after 254, so the first string ends before it
        assertThat(quoted).isEqualTo("\"" + "a".repeat(254) + "\" \"é" + "b".repeat(10) + "\"");
        assertThat(TxtPresentation.unquote(quoted, Numeric.DECIMAL)).isEqualTo(text);
    }

    @Test
    void keepsALongTextInOneStringWhenAskedTo() {
        String text = "x".repeat(600);
        assertThat(TxtPresentation.quote(text, 0, Numeric.DECIMAL, c -> false)).isEqualTo("\"" + text + "\"");
    }

    @Test
    void unquotesJoinsAndUnescapesEveryString() {
        assertThat(TxtPresentation.unquote("\"heritage=dnsfailover,\" \"owner=web1\"", Numeric.DECIMAL))
                .isEqualTo("heritage=dnsfailover,owner=web1");
        assertThat(TxtPresentation.unquote("\"a\"\"b\"", Numeric.DECIMAL)).as("strings without a space between").isEqualTo("ab");
        assertThat(TxtPresentation.unquote("\"team \\\"b\\\" \\\\ x\"", Numeric.DECIMAL)).isEqualTo("team \"b\" \\ x");
        assertThat(TxtPresentation.unquote("bare words \"and quoted\"", Numeric.DECIMAL)).isEqualTo("barewordsand quoted");
    }

    @Test
    void readsNumericEscapesInTheirBase() {
        assertThat(TxtPresentation.unquote("\"\\065\"", Numeric.DECIMAL)).isEqualTo("A");
        assertThat(TxtPresentation.unquote("\"\\101\"", Numeric.OCTAL)).isEqualTo("A");
        assertThat(TxtPresentation.unquote("\"\\101\"", Numeric.DECIMAL)).isEqualTo("e");
        assertThat(TxtPresentation.unquote("\"ex\\303\\244mple\"", Numeric.OCTAL)).isEqualTo("exämple");
        // 8 and 9 are no octal digits: \8 is an escaped 8
        assertThat(TxtPresentation.unquote("\"\\189\"", Numeric.OCTAL)).isEqualTo("189");
    }

    @Test
    void roundTripsWhateverTheStyle() {
        String text = MARKER + " ünïcödé ✓ " + "z".repeat(300);
        for (Numeric numeric : Numeric.values()) {
            for (int max : new int[] {0, 255}) {
                assertThat(TxtPresentation.unquote(TxtPresentation.quote(text, max, numeric, c -> c == '"' || c > 0x7e), numeric))
                        .isEqualTo(text);
                assertThat(TxtPresentation.unquote(TxtPresentation.quote(text, max, numeric, c -> false), numeric)).isEqualTo(text);
            }
        }
    }

    @Test
    void refusesContentThatIsNotPresentationFormat() {
        assertThatThrownBy(() -> TxtPresentation.unquote("\"open", Numeric.DECIMAL)).hasMessageContaining("never closed");
        assertThatThrownBy(() -> TxtPresentation.unquote("\"a\\\"", Numeric.DECIMAL)).as("the last quote is escaped")
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> TxtPresentation.unquote("a\\", Numeric.DECIMAL)).hasMessageContaining("lone backslash");
        assertThatThrownBy(() -> TxtPresentation.unquote("\"\\256\"", Numeric.DECIMAL)).hasMessageContaining("not a byte");
        assertThatThrownBy(() -> TxtPresentation.quote("a", 256, Numeric.DECIMAL, c -> false))
                .hasMessage("maxStringBytes must be 0 to 255, but was 256");
    }
}
