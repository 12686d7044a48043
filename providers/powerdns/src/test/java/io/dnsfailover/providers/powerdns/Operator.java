package io.dnsfailover.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.providers.testkit.PowerDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A person editing a real PowerDNS through its API, past the adapter. */
final class Operator {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Operator() {}

    /** PATCHes {@code rrsetsJson} (the objects of the rrsets array) into {@code zone}, asserting the 204. */
    static void patch(PowerDnsServer server, String zone, String rrsetsJson) {
        HttpResponse<String> response = send(server, HttpRequest.newBuilder(zoneUri(server, zone, ""))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"rrsets\": [" + rrsetsJson + "]}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /** Replaces the A rrset at {@code name} with one address, TTL 60. */
    static void replaceA(PowerDnsServer server, String zone, String name, String address) {
        patch(server, zone, "{\"name\": \"" + name + ".\", \"type\": \"A\", \"ttl\": 60, \"changetype\": \"REPLACE\","
                + " \"records\": [{\"content\": \"" + address + "\", \"disabled\": false}]}");
    }

    /** The zone's SOA serial as the API shows it. */
    static long serial(PowerDnsServer server, String zone) {
        HttpResponse<String> response = send(server, HttpRequest.newBuilder(zoneUri(server, zone, "?rrset_name=ns1." + zone + "."))
                .GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return new ObjectMapper().readTree(response.body()).get("serial").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI zoneUri(PowerDnsServer server, String zone, String query) {
        return URI.create(server.apiUrl() + "/api/v1/servers/localhost/zones/" + zone + "." + query);
    }

    private static HttpResponse<String> send(PowerDnsServer server, HttpRequest.Builder request) {
        try {
            return HTTP.send(request.header("X-API-Key", server.apiKey()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("the operator's request to " + server.apiUrl() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
