package io.dnsfailover.providers.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.SettingSpec;
import io.dnsfailover.providers.testkit.DnsQuery;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code serveDns} setting: what validation accepts, and the listener's life through create and close. */
class InMemoryProviderFactoryTest {

    private final InMemoryProviderFactory factory = new InMemoryProviderFactory();
    private final List<InMemoryProvider> created = new ArrayList<>();

    @AfterEach
    void closeAll() {
        created.forEach(InMemoryProvider::close);
    }

    @Test
    void isFoundByServiceLoaderAndDeclaresServeDnsAsOptional() {
        assertThat(ServiceLoader.load(DnsProviderFactory.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(f -> f.type().equals("inmemory")).singleElement()
                .isInstanceOf(InMemoryProviderFactory.class)
                .satisfies(f -> assertThat(f.settings()).containsExactly(SettingSpec.optional("serveDns", "127.0.0.1:5353")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:5353", "127.0.0.2:0", "[::1]:5353", " 127.0.0.1:53 ", "127.255.0.1:65535"})
    void acceptsALoopbackAddressAndPort(String serveDns) {
        assertThat(factory.validate(settings(serveDns))).isEmpty();
    }

    @Test
    void acceptsNoServeDnsAtAll() {
        assertThat(factory.validate(new ProviderSettings("mem", Map.of()))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1:53", "0.0.0.0:5353", "[::]:5353", "[2001:db8::1]:5353", "10.0.0.1"})
    void refusesAnAddressThatIsNotLoopback(String serveDns) {
        assertThat(factory.validate(settings(serveDns))).containsOnlyKeys("serveDns").extractingByKey("serveDns")
                .asString()
                .contains("serveDns must be a loopback address (127.0.0.0/8 or ::1), e.g. 127.0.0.1:5353")
                .contains("but was '" + serveDns + "'")
                .endsWith("the in-memory provider is for demos and tests");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1       | serveDns needs a port, e.g. 127.0.0.1:5353 (or port 0 for any free port)",
        "[::1]           | serveDns needs a port, e.g. [::1]:5353",
        "127.0.0.1:      | serveDns port must be a number from 0 to 65535 (0 picks a free port)",
        "127.0.0.1:65536 | serveDns port must be a number from 0 to 65535",
        "127.0.0.1:dns   | serveDns port must be a number from 0 to 65535",
        "127.0.0.1:-1    | serveDns port must be a number from 0 to 65535",
    })
    void refusesAMissingOrBadPort(String serveDns, String message) {
        assertThat(factory.validate(settings(serveDns))).extractingByKey("serveDns").asString().startsWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost:5353  | serveDns must be an IP address and a port, e.g. 127.0.0.1:5353 or [::1]:5353 (IPv6 in brackets, no host names)",
        "[127.0.0.1]:53  | serveDns must be an IP address and a port",
        "[::1]5353       | serveDns must be an IP address and a port",
        "127.0.0.1:53:53 | serveDns must be an IP address and a port",
        "::1:5353        | serveDns must put an IPv6 address in brackets before the port, e.g. [::1]:5353",
        "'  '            | serveDns is empty; write a loopback address and port such as 127.0.0.1:5353",
    })
    void refusesBadSyntaxSayingWhatToWrite(String serveDns, String message) {
        assertThat(factory.validate(settings(serveDns))).extractingByKey("serveDns").asString().startsWith(message);
    }

    @Test
    void doesNotListenWithoutServeDns() {
        InMemoryProvider provider = create(new ProviderSettings(uniqueName(), Map.of()));

        assertThat(provider.dnsAddress()).isEmpty();
    }

    @Test
    void answersOnTheFreePortItBoundForPortZero() {
        InMemoryProvider provider = create(settings("127.0.0.1:0"));
        RecordSet www = RecordSet.of(new RecordKey("demo.test", "www.demo.test", RecordType.A), 5, "127.0.0.2");
        provider.apply(List.of(Change.create(www)));

        InetSocketAddress address = provider.dnsAddress().orElseThrow();

        assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(address.getPort()).isPositive();
        assertThat(DnsQuery.ask(address, "www.demo.test", RecordType.A))
                .isEqualTo(new DnsQuery.Answer("NOERROR", 5, List.of("127.0.0.2")));
    }

    @Test
    void answersOnIpv6Loopback() {
        InMemoryProvider provider = create(settings("[::1]:0"));
        RecordSet www = RecordSet.of(new RecordKey("demo.test", "www.demo.test", RecordType.AAAA), 5, "2001:db8::1");
        provider.apply(List.of(Change.create(www)));

        InetSocketAddress address = provider.dnsAddress().orElseThrow();

        assertThat(address.getAddress().getHostAddress()).isIn("0:0:0:0:0:0:0:1", "::1");
        assertThat(DnsQuery.ask(address, "www.demo.test", RecordType.AAAA).values()).containsExactly("2001:db8::1");
    }

    @Test
    void reusesTheListenerWhenTheSameProviderIsCreatedAgain() {
        String name = uniqueName();
        InMemoryProvider first = create(new ProviderSettings(name, Map.of("serveDns", "127.0.0.1:0")));
        InetSocketAddress address = first.dnsAddress().orElseThrow();
        String samePort = "127.0.0.1:" + address.getPort();

        InMemoryProvider again = create(new ProviderSettings(name, Map.of("serveDns", "127.0.0.1:0")));
        InMemoryProvider exactly = create(new ProviderSettings(name, Map.of("serveDns", samePort)));

        assertThat(again).isSameAs(first);
        assertThat(exactly).isSameAs(first);
        assertThat(first.dnsAddress()).contains(address);
    }

    @Test
    void refusesASecondAddressForTheSameStore() {
        String name = uniqueName();
        InMemoryProvider provider = create(new ProviderSettings(name, Map.of("serveDns", "127.0.0.1:0")));
        InetSocketAddress address = provider.dnsAddress().orElseThrow();

        assertThatThrownBy(() -> create(new ProviderSettings(name, Map.of("serveDns", "127.0.0.2:0"))))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID))
                .hasMessageContaining("already answers DNS on 127.0.0.1:" + address.getPort());
        assertThat(provider.dnsAddress()).contains(address);
    }

    @Test
    void reportsAPortInUseAndLeavesNoSocketOpen() throws IOException {
        try (ServerSocket takenForTcp = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = takenForTcp.getLocalPort();

            assertThatThrownBy(() -> create(settings("127.0.0.1:" + port)))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("cannot answer DNS on 127.0.0.1:" + port)
                    .hasMessageContaining("choose another port in serveDns");

            // UDP was bound before TCP failed; it must have been released
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                assertThat(udp.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void closeFreesThePortAndIsIdempotent() throws IOException {
        InMemoryProvider provider = create(settings("127.0.0.1:0"));
        InetSocketAddress address = provider.dnsAddress().orElseThrow();

        provider.close();
        provider.close();

        assertThat(provider.dnsAddress()).isEmpty();
        try (DatagramSocket udp = new DatagramSocket(address);
                ServerSocket tcp = new ServerSocket(address.getPort(), 1, address.getAddress())) {
            assertThat(udp.getLocalPort()).isEqualTo(tcp.getLocalPort()).isEqualTo(address.getPort());
        }
    }

    @Test
    void closeEndsEveryThreadItStartedEvenWithAClientConnected() throws IOException {
        InMemoryProvider provider = create(settings("127.0.0.1:0"));
        InetSocketAddress address = provider.dnsAddress().orElseThrow();
        String suffix = "127.0.0.1:" + address.getPort();

        try (Socket idleClient = new Socket(address.getAddress(), address.getPort())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> threadsEndingWith(suffix).size() == 3);

            provider.close();

            await().atMost(Duration.ofSeconds(5)).until(() -> threadsEndingWith(suffix).isEmpty());
            idleClient.setSoTimeout(5000);
            assertThat(idleClient.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
        }
    }

    @Test
    void servesTheKeptRecordsWhenCreatedAgainAfterClose() {
        String name = uniqueName();
        InMemoryProvider provider = create(new ProviderSettings(name, Map.of("serveDns", "127.0.0.1:0")));
        RecordSet www = RecordSet.of(new RecordKey("demo.test", "www.demo.test", RecordType.A), 5, "127.0.0.2");
        provider.apply(List.of(Change.create(www)));
        provider.close();

        InMemoryProvider again = create(new ProviderSettings(name, Map.of("serveDns", "127.0.0.1:0")));

        assertThat(DnsQuery.ask(again.dnsAddress().orElseThrow(), "www.demo.test", RecordType.A).values())
                .containsExactly("127.0.0.2");
    }

    private static List<Thread> threadsEndingWith(String suffix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("inmemory-dns-") && t.getName().endsWith(suffix)).toList();
    }

    private InMemoryProvider create(ProviderSettings settings) {
        InMemoryProvider provider = factory.create(settings);
        created.add(provider);
        return provider;
    }

    /** Stores are shared by name within the JVM, so each test uses names no other test uses. */
    private static ProviderSettings settings(String serveDns) {
        return new ProviderSettings(uniqueName(), Map.of("serveDns", serveDns));
    }

    private static String uniqueName() {
        return "factory-test-" + UUID.randomUUID();
    }
}
