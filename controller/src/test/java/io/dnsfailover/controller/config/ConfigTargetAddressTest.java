package io.dnsfailover.controller.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Target addresses that parse but can never be a server, and those that deserve a warning. */
class ConfigTargetAddressTest {

    @TempDir
    Path dir;

    /** A group of {@code type} whose targets are {@code addresses}, one per line from line 9, each value at column 30. */
    static String group(String type, String... addresses) {
        StringBuilder b = new StringBuilder("""
                providers:
                  pdns: { type: powerdns, endpoint: "http://127.0.0.1:8081", apiKey: "k" }
                groups:
                  g:
                    record: { zone: hosting.com, name: g.hosting.com, type: %s }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                """.formatted(type));
        for (int i = 0; i < addresses.length; i++) {
            b.append("      - { name: n").append(i).append(", address: \"").append(addresses[i]).append("\" }\n");
        }
        return b.toString();
    }

    Config load(String yaml) {
        return new ConfigLoader(name -> null).parse("test.yaml", yaml, dir);
    }

    List<String> problems(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be rejected:\n" + yaml);
    }

    static final String WRITE_V4 = "; write the address the server answers on, e.g. 203.0.113.10";
    static final String WRITE_V6 = "; write the address the server answers on, e.g. 2001:db8::10";

    @Test
    void rejectsIpv4AddressesThatAreNeverAServer() {
        assertThat(problems(group("A", "0.0.0.0", "0.1.2.3", "255.255.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1",
                "255.255.255.254", "127.0.0.1", "10.0.0.1", "198.51.100.20"))).containsExactly(
                "test.yaml:9:30: groups.g.targets[0].address: '0.0.0.0' is the unspecified address, which means no address "
                        + "at all and is never a destination" + WRITE_V4,
                "test.yaml:10:30: groups.g.targets[1].address: '0.1.2.3' is in 0.0.0.0/8 (this network, RFC 1122), which is "
                        + "never a destination" + WRITE_V4,
                "test.yaml:11:30: groups.g.targets[2].address: '255.255.255.255' is the limited broadcast address: what is "
                        + "sent there goes to every host on the local link, never to one server" + WRITE_V4,
                "test.yaml:12:30: groups.g.targets[3].address: '224.0.0.1' is a multicast address (224.0.0.0/4): it names a "
                        + "group of receivers, and TCP, HTTP and TLS cannot connect to it" + WRITE_V4,
                "test.yaml:13:30: groups.g.targets[4].address: '239.255.255.250' is a multicast address (224.0.0.0/4): it "
                        + "names a group of receivers, and TCP, HTTP and TLS cannot connect to it" + WRITE_V4,
                "test.yaml:14:30: groups.g.targets[5].address: '240.0.0.1' is in 240.0.0.0/4, reserved (the old class E): "
                        + "hosts and routers refuse to send to it" + WRITE_V4,
                "test.yaml:15:30: groups.g.targets[6].address: '255.255.255.254' is in 240.0.0.0/4, reserved (the old class "
                        + "E): hosts and routers refuse to send to it" + WRITE_V4);
    }

    @Test
    void rejectsIpv6AddressesThatAreNeverAServerIncludingIpv4MappedOnes() {
        assertThat(problems(group("AAAA", "::", "::ffff:0.0.0.0", "::ffff:0:0", "::ffff:224.0.0.1", "ff02::1", "fe80::1",
                "::2", "::1.2.3.4", "100::1", "::1", "2001:db8::1", "febf::1", "100:0:0:1::1"))).containsExactly(
                "test.yaml:9:30: groups.g.targets[0].address: '::' is the unspecified address, which means no address at all "
                        + "and is never a destination" + WRITE_V6,
                "test.yaml:10:30: groups.g.targets[1].address: '::ffff:0.0.0.0' is the IPv4-mapped form of 0.0.0.0, the "
                        + "unspecified address, which means no address at all and is never a destination" + WRITE_V6,
                "test.yaml:11:30: groups.g.targets[2].address: '::ffff:0:0' is the IPv4-mapped form of 0.0.0.0, the "
                        + "unspecified address, which means no address at all and is never a destination" + WRITE_V6,
                "test.yaml:12:30: groups.g.targets[3].address: '::ffff:224.0.0.1' is the IPv4-mapped form of 224.0.0.1, a "
                        + "multicast address (224.0.0.0/4): it names a group of receivers, and TCP, HTTP and TLS cannot "
                        + "connect to it" + WRITE_V6,
                "test.yaml:13:30: groups.g.targets[4].address: 'ff02::1' is a multicast address (ff00::/8): it names a group "
                        + "of receivers, and TCP, HTTP and TLS cannot connect to it" + WRITE_V6,
                "test.yaml:14:30: groups.g.targets[5].address: 'fe80::1' is a link-local address (fe80::/10): it works only "
                        + "with a zone index such as %eth0, which DNS cannot carry, so neither clients nor the checker could "
                        + "reach it" + WRITE_V6,
                "test.yaml:15:30: groups.g.targets[6].address: '::2' is in ::/96, the deprecated IPv4-compatible range "
                        + "(RFC 4291), which nothing routes" + WRITE_V6,
                "test.yaml:16:30: groups.g.targets[7].address: '::1.2.3.4' is in ::/96, the deprecated IPv4-compatible range "
                        + "(RFC 4291), which nothing routes" + WRITE_V6,
                "test.yaml:17:30: groups.g.targets[8].address: '100::1' is in 100::/64, the discard-only prefix (RFC 6666): "
                        + "routers drop what is sent there" + WRITE_V6,
                "test.yaml:20:31: groups.g.targets[11].address: 'febf::1' is a link-local address (fe80::/10): it works only "
                        + "with a zone index such as %eth0, which DNS cannot carry, so neither clients nor the checker could "
                        + "reach it" + WRITE_V6);
    }

    @Test
    void keepsLoopbackPrivateAndDocumentationAddresses() {
        Config c = load(group("A", "127.0.0.1", "127.255.0.9", "10.0.0.1", "192.168.1.1", "203.0.113.10", "223.255.255.255",
                "1.0.0.0"));
        assertThat(c.groups().get("g").targets()).hasSize(7);
        assertThat(c.warnings()).isEmpty();
        Config v6 = load(group("AAAA", "::1", "2001:db8::10", "fd00::1", "fec0::1", "fe7f::1", "fec0::2", "64:ff9b::1"));
        assertThat(v6.groups().get("g").targets()).hasSize(7);
        assertThat(v6.warnings()).isEmpty();
    }

    @Test
    void warnsOfLinkLocalIpv4AndOfIpv4MappedAddressesInAnAaaaRecord() {
        assertThat(load(group("A", "169.254.169.254", "169.253.0.1", "169.255.0.1")).warnings())
                .extracting(ConfigProblem::toString).containsExactly(
                "test.yaml:9:30: groups.g.targets[0].address: '169.254.169.254' is a link-local address (169.254.0.0/16): "
                        + "only hosts on the checker's own link reach it, clients elsewhere cannot; write a routable address "
                        + "unless every client shares that link");
        assertThat(load(group("AAAA", "::ffff:203.0.113.10", "2001:db8::1")).warnings())
                .extracting(ConfigProblem::toString).containsExactly(
                "test.yaml:9:30: groups.g.targets[0].address: '::ffff:203.0.113.10' is an IPv4-mapped address "
                        + "(::ffff:0:0/96) that stands for 203.0.113.10: clients reach it only over IPv4, and those use the "
                        + "A record; write the server's IPv6 address here, and 203.0.113.10 in a type A group");
    }
}
