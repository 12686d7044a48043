package io.dnsfailover.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.SettingSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config holes the fault matrix found: loops, lone targets, tabs, files that are no config at all. */
class ConfigHolesTest {

    @TempDir
    Path dir;

    static final String PROVIDERS = """
            providers:
              pdns: { type: powerdns, endpoint: "http://127.0.0.1:8081", apiKey: "k" }
            groups:
            """;

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

    @Test
    void aCnameTargetEqualToItsOwnRecordIsALoop() {
        assertThat(problems(PROVIDERS + """
                  web:
                    record: { zone: hosting.com, name: web.hosting.com, type: CNAME }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: self, address: WEB.hosting.com }
                      - { name: other, address: backup.example.net }
                """)).containsExactly("test.yaml:9:32: groups.web.targets[0].address: 'web.hosting.com' is this group's own"
                + " record name; a CNAME to itself is a loop that never resolves: point it at another host, e.g."
                + " backup.example.net");
    }

    @Test
    void aCnameThatLeadsBackThroughAnotherGroupIsALoopReportedOnce() {
        assertThat(problems(PROVIDERS + """
                  a:
                    record: { zone: hosting.com, name: a.hosting.com, type: CNAME }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: b, address: b.hosting.com }
                      - { name: out, address: out.example.net }
                  b:
                    record: { zone: hosting.com, name: b.hosting.com, type: CNAME }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: a, address: a.hosting.com }
                      - { name: out, address: out2.example.net }
                """)).containsExactly("test.yaml:9:29: groups.a.targets[0].address: 'b.hosting.com' leads back to this"
                + " record: a.hosting.com (group a) -> b.hosting.com (group b) -> a.hosting.com; whenever these targets are"
                + " published together, resolvers give up on the loop and none of its names resolves: point this target at"
                + " a host outside the loop");
    }

    @Test
    void aCnameToAClientOfTheSameRecordIsALoop() {
        assertThat(problems(PROVIDERS + """
                  web:
                    record: { zone: hosting.com, name: web.hosting.com, type: CNAME }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: c, address: clientsite.com }
                      - { name: out, address: out.example.net }
                    clients: [clientsite.com]
                """)).containsExactly("test.yaml:9:29: groups.web.targets[0].address: 'clientsite.com' leads back to this"
                + " record: web.hosting.com (group web) -> clientsite.com (client of group web) -> web.hosting.com; whenever"
                + " these targets are published together, resolvers give up on the loop and none of its names resolves:"
                + " point this target at a host outside the loop");
    }

    @Test
    void aChainWithoutALoopAndAnARecordAreAccepted() {
        Config c = load(PROVIDERS + """
                  a:
                    record: { zone: hosting.com, name: a.hosting.com, type: CNAME }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: b, address: b.hosting.com }
                      - { name: out, address: out.example.net }
                  b:
                    record: { zone: hosting.com, name: b.hosting.com, type: A }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: one, address: 192.0.2.1 }
                      - { name: two, address: 192.0.2.2 }
                """);
        assertThat(c.groups()).containsOnlyKeys("a", "b");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void aClientEqualToTheRecordIsRefused() {
        assertThat(problems(PROVIDERS + """
                  web:
                    record: { zone: hosting.com, name: web.hosting.com, type: A }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: one, address: 192.0.2.1 }
                      - { name: two, address: 192.0.2.2 }
                    clients: [clientsite.com, Web.Hosting.com.]
                """)).singleElement().asString()
                .startsWith("test.yaml:11:")
                .endsWith("groups.web.clients[1]: 'Web.Hosting.com.' is this group's own record name; clients are the other"
                        + " names that CNAME to it: remove it");
    }

    @Test
    void aSingleTargetIsAWarningAtTheTargetsList() {
        Config c = load(PROVIDERS + """
                  web:
                    record: { zone: hosting.com, name: web.hosting.com, type: A }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: only, address: 192.0.2.1 }
                """);
        assertThat(c.warnings()).extracting(ConfigProblem::toString).containsExactly("test.yaml:9:7: groups.web.targets:"
                + " only one target: when 'only' is down there is nothing to fail over to; add a backup after it (another"
                + " server, or a static \"we'll be back\" page)");
    }

    @Test
    void aTxtRecordTypeSaysTxtIsOnlyTheMarker() {
        assertThat(problems(PROVIDERS + """
                  web:
                    record: { zone: hosting.com, name: web.hosting.com, type: txt }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: one, address: 192.0.2.1 }
                      - { name: two, address: 192.0.2.2 }
                """)).containsExactly("test.yaml:5:63: groups.web.record.type: 'txt' is not a record type a group can"
                + " manage: dnsfailover writes TXT only for its ownership marker beside the record"
                + " (_dnsfailover.web.hosting.com); write A, AAAA, CNAME or ANAME");
    }

    @Test
    void aRecordNamedLikeAMarkerIsRefused() {
        assertThat(problems(PROVIDERS + """
                  web:
                    record: { zone: hosting.com, name: _dnsfailover.web.hosting.com, type: A }
                    providers: [pdns]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: one, address: 192.0.2.1 }
                      - { name: two, address: 192.0.2.2 }
                """)).singleElement().asString().startsWith("test.yaml:5:").contains("groups.web.record.name:"
                + " '_dnsfailover.web.hosting.com' is where dnsfailover keeps its ownership markers");
    }

    @Test
    void aProviderThatCannotHoldTheMarkerIsAWarningNamingIt() {
        DnsProviderFactory pdns = new io.dnsfailover.providers.powerdns.PowerDnsProviderFactory();
        DnsProviderFactory noTxt = new DnsProviderFactory() {
            @Override
            public String type() {
                return "notxt";
            }

            @Override
            public List<SettingSpec> settings() {
                return pdns.settings();
            }

            @Override
            public Capabilities capabilities() {
                Capabilities c = pdns.capabilities();
                Set<RecordType> types = EnumSet.copyOf(c.recordTypes());
                types.remove(RecordType.TXT);
                return new Capabilities(types, c.minimumTtl(), c.conditionalWrites(), c.syncStatus());
            }

            @Override
            public DnsProvider create(ProviderSettings settings) {
                throw new UnsupportedOperationException("validation only");
            }
        };
        Config c = new ConfigLoader(name -> null, ProviderRegistry.of(List.of(pdns, noTxt))).parse("test.yaml", """
                providers:
                  pdns: { type: powerdns, endpoint: "http://127.0.0.1:8081", apiKey: "k" }
                  old: { type: notxt, endpoint: "http://127.0.0.1:8082", apiKey: "k" }
                groups:
                  web:
                    record: { zone: hosting.com, name: web.hosting.com, type: A }
                    providers: [pdns, old]
                    check: { type: tcp, port: 80 }
                    targets:
                      - { name: one, address: 192.0.2.1 }
                      - { name: two, address: 192.0.2.2 }
                """, dir);
        assertThat(c.warnings()).extracting(ConfigProblem::toString).containsExactly("test.yaml:7:16: groups.web.providers:"
                + " provider 'old' (notxt) cannot hold the ownership marker (a TXT record at _dnsfailover.web.hosting.com),"
                + " so another dnsfailover install writing this record would go unnoticed: make sure only one install manages"
                + " web.hosting.com");
    }

    @Test
    void aTabInIndentationIsNamedAsATab() {
        assertThat(problems(PROVIDERS + "  web:\n\trecord: { zone: hosting.com }\n")).containsExactly(
                "test.yaml:5:1: line 5 is indented with a tab; YAML indents with spaces only: replace the tab with spaces");
    }

    @Test
    void aTabInsideAValueIsNotAnIndentationProblem() {
        assertThat(YamlTree.indentTab("a: 'x\ty'\nb:\n  - c\n")).isNull();
        assertThat(YamlTree.indentTab("a:\n  \tb: 1\n")).containsExactly(2, 3);
    }

    @Test
    void aBinaryFileSaysItIsNoYamlText() throws Exception {
        Path jar = dir.resolve("dnsfailover.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4, 20, 0, 8, 0});
        assertThatThrownBy(() -> new ConfigLoader(name -> null).load(jar)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(jar + ": holds binary data, not YAML text (a NUL byte at offset 5) (it looks like a"
                        + " zip or jar archive); name the YAML config file, e.g. dnsfailover.yaml");
    }

    @Test
    void aFileThatIsNotUtf8SaysSo() throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "owner: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> new ConfigLoader(name -> null).load(latin1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(latin1 + ": is not UTF-8 text; a config is YAML in UTF-8: convert it (e.g. iconv -t"
                        + " UTF-8), or name the YAML config file");
    }

    @Test
    void aDirectorySaysItIsADirectory() {
        assertThatThrownBy(() -> new ConfigLoader(name -> null).load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir + ": is a directory, not a config file; name the YAML file, e.g. --config "
                        + dir.resolve("dnsfailover.yaml"));
    }
}
