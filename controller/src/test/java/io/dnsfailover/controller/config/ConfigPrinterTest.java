package io.dnsfailover.controller.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigPrinterTest {

    static final String YAML = """
            providers:
              pdns: { type: powerdns, endpoint: "http://127.0.0.1:8081", apiKey: "literal-secret-1" }
              pdns2: { type: powerdns, endpoint: "http://127.0.0.1:8082", apiKey: "${env:CF_TOKEN}" }
              dns1: { type: rfc2136, server: 127.0.0.1, tsigKeyName: k, tsigSecret: "bGl0ZXJhbC1zZWNyZXQtMg==" }
            groups:
              atlanta1:
                record: { zone: hosting.com, name: atlanta1.hosting.com, type: A, ttl: 60 }
                providers: [pdns, pdns2]
                targets: [ { name: primary, address: 203.0.113.10 } ]
                check: { type: https, headers: { Authorization: "Bearer literal-secret-3" } }
            notify:
              - { type: email, smtp: { host: smtp.example.com, username: u, password: literal-secret-4 },
                  from: a@example.com, to: [b@example.com] }
              - { type: webhook, url: "https://hooks.example.com/services/literal-secret-5?token=literal-secret-6" }
            """;

    final Config config = new ConfigLoader(Map.of("CF_TOKEN", "env-secret-7")::get).parse("t.yaml", YAML, Path.of("/tmp"));

    @Test
    void printsNoSecretAsText() {
        String text = ConfigPrinter.toText(config);
        assertThat(text).doesNotContain("literal-secret", "env-secret", "bGl0ZXJhbC1zZWNyZXQtMg==");
        assertThat(text).contains("apiKey=***", "apiKey=${env:CF_TOKEN}", "tsigSecret=***");
        assertThat(text).contains("t.yaml is valid: 3 providers, 1 group, 1 target, 2 notifiers.");
    }

    @Test
    void printsNoSecretAsJson() {
        String json = ConfigPrinter.toJson(config).toString();
        assertThat(json).doesNotContain("literal-secret", "env-secret", "bGl0ZXJhbC1zZWNyZXQtMg==");
        assertThat(json).contains("\"apiKey\":\"${env:CF_TOKEN}\"", "\"Authorization\":\"***\"", "\"password\":\"***\"",
                "\"url\":\"https://hooks.example.com/***\"");
    }

    @Test
    void printsOwnerAlarmsJournalAndTakeover() {
        Config c = new ConfigLoader(Map.of("CF_TOKEN", "x")::get, io.dnsfailover.controller.provider.ProviderRegistry.load(), () -> "unused")
                .parse("t.yaml", YAML.replace("    check:", "    takeover: true\n    check:") + """
                        owner: atlanta-ops
                        alarms: { remindEvery: 30m, providerFailingAfter: 0s }
                        state: { dir: /var/lib/df, journal: { maxSize: 512KB, keep: 3 } }
                        """, Path.of("/tmp"));
        assertThat(ConfigPrinter.toText(c)).contains("""
                owner atlanta-ops
                state in /var/lib/df, journal rotated at 512KB, 3 rotated files kept
                alarms remind every 30m, a failing provider is notified after 0s
                """, ", when all down: keep, takes the record over from another owner\n");
        assertThat(ConfigPrinter.toText(config)).doesNotContain("takes the record over")
                .contains("journal rotated at 64MB, 10 rotated files kept", "alarms remind every 1h, a failing provider is "
                        + "notified after 30s");
        String json = ConfigPrinter.toJson(c).toString();
        assertThat(json).contains("\"takeover\":true", "\"owner\":\"atlanta-ops\"",
                "\"alarms\":{\"remindEvery\":\"30m\",\"providerFailingAfter\":\"0s\"}",
                "\"state\":{\"dir\":\"/var/lib/df\",\"journal\":{\"maxSize\":\"512KB\",\"keep\":3}}");
    }

    @Test
    void secretToStringHidesTheValue() {
        assertThat(Secret.of("x-value").toString()).isEqualTo("***");
        assertThat(String.valueOf(config.providers().get("pdns"))).doesNotContain("literal-secret-1");
    }
}
