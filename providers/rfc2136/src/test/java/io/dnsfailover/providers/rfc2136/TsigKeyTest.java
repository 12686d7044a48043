package io.dnsfailover.providers.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class TsigKeyTest {

    private static final String SECRET = BindSettings.randomSecret();

    @ParameterizedTest
    @ValueSource(strings = {"hmac-sha256", "hmac-sha512", "hmac-sha384", "hmac-sha224", "hmac-sha1", "HMAC-MD5"})
    void signsWithEveryAcceptedAlgorithm(String algorithm) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN));
        new TsigKey("k", algorithm, SECRET).signer().apply(query, null);
        Message received = new Message(query.toWire());

        int result = new TsigKey("k", algorithm, SECRET).signer().verify(received, query.toWire(), null);

        assertThat(Rcode.TSIGstring(result)).isEqualTo("NOERROR");
        assertThat(received.getTSIG().getAlgorithm()).isEqualTo(TsigKey.ALGORITHMS.get(algorithm.toLowerCase()).wire());
    }

    @Test
    void neverShowsTheSecret() {
        TsigKey key = new TsigKey("dnsfailover-key", "hmac-sha256", SECRET);
        assertThat(key.toString()).contains("dnsfailover-key", "hmac-sha256", "secret hidden").doesNotContain(SECRET);
        assertThat(new Rfc2136Client("192.0.2.53", 53, key, Rfc2136Client.DEFAULT_TIMEOUT).toString()).doesNotContain(SECRET);
    }

    @Test
    void rejectsABadSecretWithoutShowingIt() {
        assertThatThrownBy(() -> new TsigKey("k", "hmac-sha256", "not base64 at all!"))
                .hasMessage("tsigSecret is not valid base64");
    }
}
