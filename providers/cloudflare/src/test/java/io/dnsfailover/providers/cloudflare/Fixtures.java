package io.dnsfailover.providers.cloudflare;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dnsfailover.providers.ProviderSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Bodies as Cloudflare's API v4 sends them (shapes from reference/providers.md §3: the envelope, zones,
 * records with proxied/proxiable/settings/meta/comment/tags, result_info, and the error body).
 */
final class Fixtures {

    static final String ZONE = "hosting.test";
    static final String ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String NAME = "atlanta1." + ZONE;
    static final String BASE = "/client/v4";
    static final String ZONES_URL = BASE + "/zones?name=" + ZONE + "&page=1&per_page=50";
    static final String RECORDS_PATH = BASE + "/zones/" + ZONE_ID + "/dns_records";

    private Fixtures() {}

    /** WireMock on 127.0.0.1, a port of its own. */
    static WireMockExtension wireMock() {
        return WireMockExtension.newInstance().options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
                .build();
    }

    /** The adapter pointed at {@code wm}'s {@code /client/v4}, as provider {@code cf1}. */
    static CloudflareProvider provider(WireMockExtension wm, String token) {
        return CloudflareProviderFactory.create(new ProviderSettings("cf1",
                Map.of("apiToken", token, "endpoint", wm.baseUrl() + BASE)), Duration.ofSeconds(5));
    }

    static String recordsUrl(String type, int page) {
        return RECORDS_PATH + "?type=" + type + "&name=" + NAME + "&page=" + page + "&per_page=100";
    }

    static String zone(String id, String name, String status) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"status\":\"" + status + "\",\"paused\":false,\"type\":\"full\","
                + "\"name_servers\":[\"ns1.example.net\",\"ns2.example.net\"],\"account\":{\"id\":\"01a7362d577a6c3019a474fd6f485823\","
                + "\"name\":\"Demo Account\"}}";
    }

    static String record(String id, String type, String content, int ttl, boolean proxied) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + NAME + "\",\"type\":\"" + type + "\",\"content\":\"" + content + "\","
                + "\"proxiable\":true,\"proxied\":" + proxied + ",\"ttl\":" + ttl + ",\"settings\":{},\"meta\":{},"
                + "\"comment\":\"origin of atlanta1\",\"tags\":[\"owner:ops\"],\"created_on\":\"2025-01-01T05:20:00.12345Z\","
                + "\"modified_on\":\"2025-01-01T05:20:00.12345Z\"}";
    }

    static String list(int page, int perPage, int totalPages, int totalCount, List<String> items) {
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[" + String.join(",", items) + "],"
                + "\"result_info\":{\"page\":" + page + ",\"per_page\":" + perPage + ",\"count\":" + items.size()
                + ",\"total_count\":" + totalCount + ",\"total_pages\":" + totalPages + "}}";
    }

    static String list(String... items) {
        return list(1, 100, 1, items.length, List.of(items));
    }

    static String zones(String... items) {
        return list(1, 50, 1, items.length, List.of(items));
    }

    static String one(String result) {
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + result + "}";
    }

    static String error(int code, String message) {
        return "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":\"" + message + "\"}],\"messages\":[],\"result\":null}";
    }

    static String error(int code, String message, int chainCode, String chainMessage) {
        return "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":\"" + message + "\",\"error_chain\":[{\"code\":"
                + chainCode + ",\"message\":\"" + chainMessage + "\"}]}],\"messages\":[],\"result\":null}";
    }
}
