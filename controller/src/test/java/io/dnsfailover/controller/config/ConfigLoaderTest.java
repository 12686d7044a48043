package io.dnsfailover.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dnsfailover.health.DnsCheckSpec;
import io.dnsfailover.health.HttpCheckSpec;
import io.dnsfailover.health.TcpCheckSpec;
import io.dnsfailover.providers.RecordType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    static final String PROVIDERS = """
            providers:
              pdns: { type: powerdns, endpoint: "http://127.0.0.1:8081", apiKey: "k" }
            """;

    @TempDir
    Path dir;

    private final Map<String, String> env = new java.util.HashMap<>(Map.of("PDNS_KEY", "s3cr3t-from-env"));

    Config load(String yaml) {
        return new ConfigLoader(env::get).parse("test.yaml", yaml, dir);
    }

    List<String> problems(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be rejected:\n" + yaml);
    }

    static String group(String body) {
        return PROVIDERS + "groups:\n  atlanta1:\n" + body.indent(4);
    }

    static final String RECORD = "record: { zone: hosting.com, name: atlanta1.hosting.com, type: A, ttl: 60 }\nproviders: [pdns]\n";
    static final String TARGETS = "targets:\n  - { name: primary, address: 203.0.113.10 }\n  - { name: backup1, address: 198.51.100.20 }\n";
    static final String CHECK = "check: { type: https, path: /healthz }\n";

    @Test
    void loadsAFullConfigWithDefaults() {
        Config c = load(group(RECORD + TARGETS + CHECK));
        GroupConfig g = c.groups().get("atlanta1");
        assertThat(g.record()).isEqualTo(new GroupConfig.RecordConfig("hosting.com", "atlanta1.hosting.com", RecordType.A, 60));
        assertThat(g.targets()).extracting(GroupConfig.TargetConfig::name).containsExactly("primary", "backup1");
        assertThat(g.mode()).isEqualTo(GroupConfig.Mode.FAILOVER);
        assertThat(g.failback()).isEqualTo(GroupConfig.Failback.AUTO);
        assertThat(g.failbackAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(g.holdDown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(g.whenAllDown()).isEqualTo("keep");
        assertThat(g.check().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(g.check().thresholds().fall()).isEqualTo(3);
        assertThat(g.check().thresholds().rise()).isEqualTo(2);
        assertThat(g.check().hostName()).isEqualTo("atlanta1.hosting.com");
        HttpCheckSpec http = (HttpCheckSpec) g.check().spec();
        assertThat(http.tls()).isTrue();
        assertThat(http.port()).isEqualTo(443);
        assertThat(http.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(http.expectStatus().contains(399)).isTrue();
        assertThat(http.expectStatus().contains(400)).isFalse();
        assertThat(http.followRedirects()).isFalse();
        assertThat(c.state().dir()).isEqualTo(dir.resolve("state"));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void readsEveryCheckOption() {
        Config c = load(group(RECORD + TARGETS + """
                check:
                  type: http
                  port: 8080
                  path: /status
                  method: HEAD
                  host: www.hosting.com
                  headers: { X-Check: dnsfailover }
                  expectStatus: "200, 204"
                  maxLatency: 500ms
                  interval: 2s
                  timeout: 1s
                  fall: 5
                  rise: 4
                  followRedirects: true
                failback: one-way
                failbackAfter: 1m30s
                holdDown: 0s
                whenAllDown: backup1
                clients: [clientsite.com, www.clientsite.com.]
                """));
        GroupConfig g = c.groups().get("atlanta1");
        HttpCheckSpec http = (HttpCheckSpec) g.check().spec();
        assertThat(http.tls()).isFalse();
        assertThat(http.method()).isEqualTo("HEAD");
        assertThat(http.headers()).containsEntry("X-Check", "dnsfailover");
        assertThat(http.expectStatus().contains(204)).isTrue();
        assertThat(http.expectStatus().contains(201)).isFalse();
        assertThat(http.maxLatency()).isEqualTo(Duration.ofMillis(500));
        assertThat(g.check().hostName()).isEqualTo("www.hosting.com");
        assertThat(g.check().thresholds().fall()).isEqualTo(5);
        assertThat(g.failback()).isEqualTo(GroupConfig.Failback.ONE_WAY);
        assertThat(g.failbackAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(g.holdDown()).isZero();
        assertThat(g.whenAllDown()).isEqualTo("backup1");
        assertThat(g.clients()).containsExactly("clientsite.com", "www.clientsite.com");
    }

    @Test
    void readsTcpAndDnsChecksAndOtherRecordTypes() {
        Config c = load(PROVIDERS + """
                  mem: { type: inmemory }
                groups:
                  v6:
                    record: { zone: hosting.com, name: v6.hosting.com, type: AAAA }
                    providers: [pdns]
                    targets: [ { name: a, address: "2001:db8::10" }, { name: b, address: "::1" } ]
                    check: { type: tcp, port: 22, interval: 1s }
                  alias:
                    record: { zone: hosting.com, name: hosting.com, type: ALIAS }
                    providers: [mem]
                    targets: [ { name: a, address: Atlanta1.Hosting.COM. } ]
                    check: { type: dns, query: hosting.com, queryType: soa, expectRcode: noerror }
                """);
        TcpCheckSpec tcp = (TcpCheckSpec) c.groups().get("v6").check().spec();
        assertThat(tcp.port()).isEqualTo(22);
        assertThat(tcp.timeout()).as("default timeout is at most half the interval").isEqualTo(Duration.ofMillis(500));
        GroupConfig alias = c.groups().get("alias");
        assertThat(alias.record().type()).isEqualTo(RecordType.ANAME);
        assertThat(alias.targets().get(0).address()).isEqualTo("atlanta1.hosting.com");
        DnsCheckSpec dns = (DnsCheckSpec) alias.check().spec();
        assertThat(dns.port()).isEqualTo(53);
        assertThat(dns.queryType()).isEqualTo("SOA");
        assertThat(dns.expectRcode()).isEqualTo("NOERROR");
    }

    @Test
    void reportsUnknownKeysWithASuggestion() {
        assertThat(problems(group(RECORD + TARGETS + "check: { type: https, intervall: 5s }\nfailbak: auto\n"))).containsExactly(
                "test.yaml:10:27: groups.atlanta1.check.intervall: unknown key 'intervall'; did you mean 'interval'?",
                "test.yaml:11:5: groups.atlanta1.failbak: unknown key 'failbak'; did you mean 'failback'?");
    }

    @Test
    void reportsAnUnknownTopLevelKeyWithTheKeysItTakes() {
        assertThat(problems(group(RECORD + TARGETS + CHECK) + "zzz: 1\n")).containsExactly(
                "test.yaml:11:1: zzz: unknown key 'zzz'; a dnsfailover config takes: providers, groups, notify, alarms, "
                        + "state, owner, cluster");
    }

    @Test
    void reportsMissingRequiredFieldsAtTheMappingThatLacksThem() {
        assertThat(problems(PROVIDERS + """
                groups:
                  atlanta1:
                    record: { zone: hosting.com, type: A }
                    providers: [pdns]
                    targets: [ { name: primary } ]
                """)).containsExactly(
                "test.yaml:5:5: groups.atlanta1.check: missing 'check'; add check: { type: https, path: /healthz, "
                        + "expectStatus: 200-399, interval: 10s, timeout: 3s, fall: 3, rise: 2 }",
                "test.yaml:5:13: groups.atlanta1.record.name: missing 'name'; add name: atlanta1.hosting.com",
                "test.yaml:7:16: groups.atlanta1.targets[0].address: missing 'address'; add address: 203.0.113.10");
    }

    @Test
    void reportsMissingProvidersAndGroups() {
        assertThat(problems("state: { dir: /tmp/x }\n")).containsExactly(
                "test.yaml:1:1: providers: missing 'providers'; add providers: followed by your DNS accounts, "
                        + "e.g. providers: { pdns: { type: powerdns, ... } }",
                "test.yaml:1:1: groups: missing 'groups'; add groups: followed by your server-level subdomains, "
                        + "e.g. groups: { atlanta1: { record: ..., targets: ... } }");
    }

    @Test
    void rejectsATargetAddressThatDoesNotFitTheRecordType() {
        assertThat(problems(PROVIDERS + """
                groups:
                  a:
                    record: { zone: hosting.com, name: a.hosting.com, type: A }
                    providers: [pdns]
                    targets: [ { name: t1, address: 203.0.113.256 }, { name: t2, address: "2001:db8::1" }, { name: t3, address: www.example.com } ]
                    check: { type: tcp, port: 80 }
                  aaaa:
                    record: { zone: hosting.com, name: b.hosting.com, type: AAAA }
                    providers: [pdns]
                    targets: [ { name: t1, address: 203.0.113.1 }, { name: t2, address: "2001:db8::zz" } ]
                    check: { type: tcp, port: 80 }
                  cname:
                    record: { zone: hosting.com, name: c.hosting.com, type: CNAME }
                    providers: [pdns]
                    targets: [ { name: t1, address: 203.0.113.1 }, { name: t2, address: "bad_host-.example" } ]
                    check: { type: tcp, port: 80 }
                """)).containsExactly(
                "test.yaml:7:37: groups.a.targets[0].address: '203.0.113.256' is not an IPv4 address, which a type A record "
                        + "needs; write four numbers 0-255 like 203.0.113.10",
                "test.yaml:7:75: groups.a.targets[1].address: '2001:db8::1' is not an IPv4 address, which a type A record "
                        + "needs; write four numbers 0-255 like 203.0.113.10 (or use type: AAAA for IPv6)",
                "test.yaml:7:113: groups.a.targets[2].address: 'www.example.com' is not an IPv4 address, which a type A "
                        + "record needs; write four numbers 0-255 like 203.0.113.10 (or use type: CNAME to point at a host name)",
                "test.yaml:12:37: groups.aaaa.targets[0].address: '203.0.113.1' is not an IPv6 address, which a type AAAA "
                        + "record needs; write an address like 2001:db8::10 (or use type: A for IPv4)",
                "test.yaml:12:73: groups.aaaa.targets[1].address: '2001:db8::zz' is not an IPv6 address, which a type AAAA "
                        + "record needs; write an address like 2001:db8::10",
                "test.yaml:17:37: groups.cname.targets[0].address: '203.0.113.1' is not a host name, which a type CNAME "
                        + "record needs; write a name like backup.example.net (or use type: A/AAAA to point at an address)",
                "test.yaml:17:73: groups.cname.targets[1].address: 'bad_host-.example' is not a host name, which a type CNAME "
                        + "record needs; write a name like backup.example.net");
    }

    @Test
    void rejectsDuplicateGroupAndTargetNames() {
        assertThat(problems(PROVIDERS + """
                groups:
                  atlanta1:
                    record: { zone: hosting.com, name: a.hosting.com, type: A }
                    providers: [pdns]
                    targets:
                      - { name: primary, address: 203.0.113.10 }
                      - { name: primary, address: 203.0.113.11 }
                    check: { type: tcp, port: 80 }
                  atlanta1:
                    record: { zone: hosting.com, name: b.hosting.com, type: A }
                """)).containsExactly(
                "test.yaml:9:17: groups.atlanta1.targets[1].name: target name 'primary' is used twice in this group "
                        + "(also at targets[0]); give each target its own name",
                "test.yaml:11:3: groups.atlanta1: 'atlanta1' is written twice here (first at line 4); keep one of them");
    }

    @Test
    void rejectsThresholdsBelowOne() {
        assertThat(problems(group(RECORD + TARGETS + "check: { type: https, fall: 0, rise: -1 }\n"))).containsExactly(
                "test.yaml:10:33: groups.atlanta1.check.fall: must be between 1 and 100, but was 0; fall is how many failures "
                        + "in a row make a target DOWN; write fall: 3",
                "test.yaml:10:42: groups.atlanta1.check.rise: must be between 1 and 100, but was -1; rise is how many passes "
                        + "in a row make a target UP; write rise: 2");
    }

    @Test
    void rejectsATimeoutThatIsNotShorterThanTheInterval() {
        assertThat(problems(group(RECORD + TARGETS + "check:\n  type: https\n  interval: 5s\n  timeout: 5s\n"))).containsExactly(
                "test.yaml:13:16: groups.atlanta1.check.timeout: timeout 5s must be shorter than interval 5s, so that probes "
                        + "of one target never overlap; write timeout: 2500ms or less");
    }

    @Test
    void fastIntervalIsAQuarterOfTheIntervalAtLeast100msUnlessWritten() {
        assertThat(load(group(RECORD + TARGETS + "check: { type: https, interval: 10s }\n")).groups().get("atlanta1").check().fastInterval())
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(load(group(RECORD + TARGETS + "check: { type: https, interval: 1s }\n")).groups().get("atlanta1").check().fastInterval())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(load(group(RECORD + TARGETS + "check: { type: https, interval: 1s, fastInterval: 100ms }\n")).groups().get("atlanta1")
                .check().fastInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void rejectsAFastIntervalBelow100msOrAboveTheInterval() {
        assertThat(problems(group(RECORD + TARGETS + "check: { type: https, interval: 2s, fastInterval: 50ms }\n"))).containsExactly(
                "test.yaml:10:55: groups.atlanta1.check.fastInterval: must be between 100ms and the interval (2s), but was 50ms; "
                        + "a quarter of the interval (500ms) is the default");
        assertThat(problems(group(RECORD + TARGETS + "check: { type: https, interval: 2s, fastInterval: 3s }\n"))).hasSize(1).first()
                .asString().contains("fastInterval: must be between 100ms and the interval (2s), but was 3s");
    }

    @Test
    void rejectsATtlOutOfRangeAndWarnsAboveSixty() {
        assertThat(problems(group("record: { zone: hosting.com, name: atlanta1.hosting.com, type: A, ttl: 0 }\nproviders: [pdns]\n"
                + TARGETS + CHECK))).containsExactly(
                "test.yaml:5:76: groups.atlanta1.record.ttl: must be between 1 and 86400, but was 0; failover needs a low "
                        + "TTL: write ttl: 60 or less");
        assertThat(problems(group("record: { zone: hosting.com, name: atlanta1.hosting.com, type: A, ttl: 86401 }\n"
                + "providers: [pdns]\n" + TARGETS + CHECK))).hasSize(1).first().asString().startsWith("test.yaml:5:76:");
        Config c = load(group("record: { zone: hosting.com, name: atlanta1.hosting.com, type: A, ttl: 300 }\n"
                + "providers: [pdns]\n" + TARGETS + CHECK));
        assertThat(c.warnings()).extracting(ConfigProblem::toString).containsExactly(
                "test.yaml:5:76: groups.atlanta1.record.ttl: TTL 300 s: resolvers may keep sending clients to a dead server "
                        + "for up to 300 s after a failover; 60 or less is recommended");
    }

    @Test
    void rejectsAGroupNamingAnUnknownProvider() {
        assertThat(problems(group("record: { zone: hosting.com, name: atlanta1.hosting.com, type: A }\nproviders: [pdns, cf]\n"
                + TARGETS + CHECK))).containsExactly(
                "test.yaml:6:23: groups.atlanta1.providers[1]: provider 'cf' is not defined under providers: (defined: pdns); "
                        + "define it there or fix the name");
    }

    @Test
    void resolvesEnvAndFileReferencesAndNamesWhatIsMissing() throws Exception {
        Files.writeString(dir.resolve("key.txt"), "from-file\n");
        Config c = load("""
                providers:
                  a: { type: powerdns, endpoint: "http://127.0.0.1:8081", apiKey: "${env:PDNS_KEY}" }
                  b: { type: powerdns, endpoint: "http://127.0.0.1:8081", apiKey: "${file:key.txt}" }
                groups: {}
                """);
        assertThat(c.providers().get("a").secrets().get("apiKey").reveal()).isEqualTo("s3cr3t-from-env");
        assertThat(c.providers().get("b").secrets().get("apiKey").reveal()).isEqualTo("from-file");
        assertThat(problems("""
                providers:
                  a: { type: powerdns, endpoint: "http://127.0.0.1:8081", apiKey: "${env:NOPE}" }
                  b: { type: rfc2136, server: 127.0.0.1, tsigKeyName: k, tsigSecret: "${file:/nonexistent/token}" }
                  c: { type: rfc2136, server: 127.0.0.1, tsigKeyName: k, tsigSecret: "${vault:x}" }
                groups: {}
                """)).containsExactly(
                "test.yaml:2:67: providers.a.apiKey: environment variable NOPE is not set; export it before starting "
                        + "dnsfailover, or write the value here",
                "test.yaml:3:70: providers.b.tsigSecret: file /nonexistent/token does not exist; create it or fix the path",
                "test.yaml:4:70: providers.c.tsigSecret: '${vault:x}' is not a reference dnsfailover knows; write ${env:NAME} "
                        + "or ${file:/path} (or $${ for a literal ${)");
    }

    @Test
    void parsesDurationsAndSaysWhatToWrite() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(problems(group(RECORD + TARGETS + "check: { type: https, interval: 10 }\nholdDown: soon\n"))).containsExactly(
                "test.yaml:10:37: groups.atlanta1.check.interval: '10' has no unit; write 10s (units: ms, s, m, h)",
                "test.yaml:11:15: groups.atlanta1.holdDown: 'soon' is not a duration; write a number and a unit, like 500ms, "
                        + "10s, 5m or 1h");
    }

    @Test
    void reportsEveryProblemOfTheFileAtOnceInFileOrder() {
        List<String> all = problems(PROVIDERS + """
                groups:
                  atlanta1:
                    record: { zone: hosting.com, name: atlanta1.other.com, type: TXT, ttl: 0 }
                    providers: [nope]
                    mode: roundrobin
                    targets: [ { name: primary, address: 1.2.3 } ]
                    check: { type: ftp }
                    whenAllDown: nobody
                """);
        assertThat(all).hasSize(7);
        assertThat(all).extracting(s -> Integer.parseInt(s.split(":")[1])).isSorted();
        assertThat(all.get(0)).startsWith("test.yaml:5:40: groups.atlanta1.record.name: 'atlanta1.other.com' is not in zone hosting.com");
        assertThat(all.get(1)).startsWith("test.yaml:5:66: groups.atlanta1.record.type: 'TXT' is not a record type");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() {
        assertThat(problems("providers:\n  a: { type: powerdns\ngroups: {}\n")).hasSize(1).first().asString()
                .startsWith("test.yaml:3:").contains("is not valid YAML");
    }

    @Test
    void rejectsOptionsThatDoNotApplyToTheCheckType() {
        assertThat(problems(group(RECORD + TARGETS + "check: { type: tcp, port: 22, path: /x, query: a.com }\n"))).containsExactly(
                "test.yaml:10:41: groups.atlanta1.check.path: path does not apply to a tcp check; remove it, or use type: "
                        + "http or https",
                "test.yaml:10:52: groups.atlanta1.check.query: query does not apply to a tcp check; remove it, or use type: dns");
    }

    @Test
    void rejectsAllHealthyModeForACname() {
        assertThat(problems(PROVIDERS + """
                groups:
                  c:
                    record: { zone: hosting.com, name: c.hosting.com, type: CNAME }
                    providers: [pdns]
                    mode: all-healthy
                    targets: [ { name: a, address: a.example.net } ]
                    check: { type: tcp, port: 80 }
                """)).containsExactly("test.yaml:7:11: groups.c.mode: mode all-healthy publishes several values, which a "
                + "CNAME record cannot hold; use mode: failover, or type A/AAAA");
    }

    @Test
    void rejectsProviderSettingsThatAreMissingOrUnknown() {
        assertThat(problems("""
                providers:
                  pdns: { type: powerdns, endpoint: "ftp://x", apikey: k }
                  dns1: { type: rfc2136, server: 127.0.0.1, tsigKeyName: lab-key }
                groups: {}
                """)).containsExactly(
                "test.yaml:2:9: providers.pdns.apiKey: missing 'apiKey'; add apiKey: ${env:SOME_VARIABLE} (keep secrets out of the file)",
                "test.yaml:2:37: providers.pdns.endpoint: endpoint must be an http:// or https:// URL of the PowerDNS webserver, "
                        + "e.g. http://127.0.0.1:8081, but was 'ftp://x'",
                "test.yaml:2:48: providers.pdns.apikey: unknown key 'apikey'; did you mean 'apiKey'?",
                "test.yaml:3:9: providers.dns1.tsigSecret: tsigSecret is needed with tsigKeyName: the base64 secret of key "
                        + "lab-key from the server's key file");
    }

    @Test
    void neverPutsASecretValueInAProblem() {
        env.put("TOKEN", "very-secret-token");
        List<String> all = problems("""
                providers:
                  a: { type: powerdns, apiKey: "${env:TOKEN}", endpoint: "${env:TOKEN}" }
                notify:
                  - { type: webhook, url: "${env:TOKEN}" }
                groups: {}
                """);
        assertThat(all).hasSize(2).allSatisfy(p -> assertThat(p).doesNotContain("very-secret-token"));
    }

    @Test
    void readsNotifiers() {
        env.put("SMTP_PASSWORD", "pw");
        Config c = load(PROVIDERS + """
                groups: {}
                notify:
                  - { type: email, smtp: { host: smtp.example.com, username: u, password: "${env:SMTP_PASSWORD}" },
                      from: dnsfailover@example.com, to: [ops@example.com] }
                  - { type: webhook, url: "https://hooks.example.com/T000/secret-path", headers: { Authorization: Bearer x } }
                """);
        NotifierConfig.Email email = (NotifierConfig.Email) c.notifiers().get(0);
        assertThat(email.port()).isEqualTo(587);
        assertThat(email.starttls()).isTrue();
        assertThat(email.password().reveal()).isEqualTo("pw");
        NotifierConfig.Webhook hook = (NotifierConfig.Webhook) c.notifiers().get(1);
        assertThat(hook.headers().get("Authorization").reveal()).isEqualTo("Bearer x");
    }

    @Test
    void rejectsAHostHeaderAndSaysToUseHost() {
        assertThat(problems(group(RECORD + TARGETS + "check: { type: https, headers: { Host: other.com, X-A: [1] } }\n")))
                .containsExactly(
                        "test.yaml:10:44: groups.atlanta1.check.headers.Host: set the Host header with host:, which also "
                                + "sets TLS SNI and the name the certificate is checked against",
                        "test.yaml:10:60: groups.atlanta1.check.headers.X-A: expected a header value, but found a list");
        assertThat(problems(group(RECORD + TARGETS + "check: { type: https, headers: { Host: other.com } }\n"))).containsExactly(
                "test.yaml:10:44: groups.atlanta1.check.headers.Host: set the Host header with host:, which also sets TLS SNI "
                        + "and the name the certificate is checked against");
    }

    @Test
    void saysWhenAProviderTypeIsNotAvailableInThisBuild() {
        assertThat(problems("providers:\n  n1: { type: ns1, apiKey: x }\n  pd: { type: powerdsn }\ngroups: {}\n"))
                .hasSize(2)
                .satisfiesExactly(
                        p -> assertThat(p).startsWith("test.yaml:2:15: providers.n1.type: provider type 'ns1' is not "
                                + "available in this build; types: ").contains("cloudflare", "constellix", "dnsmadeeasy", "inmemory",
                                "powerdns", "rfc2136", "route53"),
                        p -> assertThat(p).startsWith("test.yaml:3:15: providers.pd.type: provider type 'powerdsn' is not "
                                + "available in this build; did you mean 'powerdns'?"));
    }

    @Test
    void rejectsARecordTypeOrTtlTheProviderCannotHold() {
        assertThat(problems(PROVIDERS + """
                groups:
                  apex:
                    record: { zone: hosting.com, name: hosting.com, type: ANAME }
                    providers: [pdns]
                    targets: [ { name: a, address: atlanta1.hosting.com } ]
                    check: { type: tcp, port: 80 }
                """)).singleElement().asString()
                .startsWith("test.yaml:5:59: groups.apex.record.type: provider 'pdns' (powerdns) cannot hold ANAME records");
    }
}
