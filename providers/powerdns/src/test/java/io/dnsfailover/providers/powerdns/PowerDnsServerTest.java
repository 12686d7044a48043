package io.dnsfailover.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.DnsQuery;
import io.dnsfailover.providers.testkit.PowerDnsServer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The testkit's PowerDNS fixture, which the adapter's real-server tests (and later the controller's) rely on. */
class PowerDnsServerTest {

    @Test
    void servesACreatedZoneAndIsGoneAfterClose() throws Exception {
        PowerDnsServer server = PowerDnsServer.start();
        URI api = URI.create(server.apiUrl());
        try {
            assertThat(api.getHost()).isEqualTo("127.0.0.1");
            assertThat(server.apiKey()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(server.dnsAddress().getAddress().isLoopbackAddress()).isTrue();

            server.createZone("fixture.test");

            DnsQuery.Answer ns1 = DnsQuery.ask(server.dnsAddress(), "ns1.fixture.test", RecordType.A);
            assertThat(ns1.rcode()).isEqualTo("NOERROR");
            assertThat(ns1.values()).containsExactly("127.0.0.1");
        } finally {
            server.close();
        }
        server.close(); // idempotent

        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(api.getHost(), api.getPort()), 2000);
            }
        }).as("the webserver port is closed once close() returns").isInstanceOf(ConnectException.class);
    }

    @Test
    void refusesAZoneNameOfOneLabel() {
        try (PowerDnsServer server = PowerDnsServer.start()) {
            assertThatThrownBy(() -> server.createZone("test")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
