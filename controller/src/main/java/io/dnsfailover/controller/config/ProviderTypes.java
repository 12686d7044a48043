package io.dnsfailover.controller.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The provider types and the settings each takes (DESIGN §6). Which settings are secrets decides what
 * is never printed.
 */
final class ProviderTypes {

    /** Settings of one type: all keys it accepts, the ones it requires, and the secret ones. */
    record Spec(List<String> keys, Set<String> required, Set<String> secrets) {}

    static final Map<String, Spec> TYPES = Map.of(
            "powerdns", new Spec(List.of("endpoint", "apiKey", "serverId"), Set.of("endpoint", "apiKey"), Set.of("apiKey")),
            "rfc2136", new Spec(List.of("server", "port", "tsigKeyName", "tsigAlgorithm", "tsigSecret"),
                    Set.of("server"), Set.of("tsigSecret")),
            "cloudflare", new Spec(List.of("endpoint", "apiToken"), Set.of("apiToken"), Set.of("apiToken")),
            "route53", new Spec(List.of("endpoint", "accessKeyId", "secretAccessKey", "profile"), Set.of(),
                    Set.of("secretAccessKey")),
            "dnsmadeeasy", new Spec(List.of("endpoint", "apiKey", "secretKey", "sandbox"), Set.of("apiKey", "secretKey"),
                    Set.of("apiKey", "secretKey")),
            "constellix", new Spec(List.of("endpoint", "apiKey", "secretKey"), Set.of("apiKey", "secretKey"),
                    Set.of("apiKey", "secretKey")),
            "inmemory", new Spec(List.of("serveDns"), Set.of(), Set.of()));

    /** Settings that must be given together or not at all. */
    static final Map<String, List<String>> TOGETHER = Map.of(
            "rfc2136", List.of("tsigKeyName", "tsigSecret"),
            "route53", List.of("accessKeyId", "secretAccessKey"));

    private ProviderTypes() {}

    static List<String> names() {
        return TYPES.keySet().stream().sorted().toList();
    }
}
