package io.dnsfailover.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

    @ParameterizedTest
    @CsvSource({
        "0:0:0:0:0:0:0:1, ::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
        "2001:db8:1:1:1:1:1:1, 2001:db8:1:1:1:1:1:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "0:0:0:0:0:0:0:0, ::",
        "fe80:0:0:0:0:0:0:1%lo, fe80::1%lo",
    })
    void writesIpv6TheShortWay(String javaForm, String shortForm) {
        assertThat(Addresses.compress(javaForm)).isEqualTo(shortForm);
    }

    @Test
    void printsIpv6EndpointsInBrackets() throws Exception {
        assertThat(Addresses.format(InetAddress.getByName("::1"), 8080)).isEqualTo("[::1]:8080");
        assertThat(Addresses.format(InetAddress.getByName("127.0.0.1"), 8080)).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void tellsLiteralsFromNames() {
        assertThat(Addresses.isLiteral("203.0.113.10")).isTrue();
        assertThat(Addresses.isLiteral("::1")).isTrue();
        assertThat(Addresses.isLiteral("[2001:db8::1]")).isTrue();
        assertThat(Addresses.isLiteral("atlanta1.hosting.com")).isFalse();
        assertThat(Addresses.isLiteral("256.1.1.1")).isFalse();
    }
}
