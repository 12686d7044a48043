package io.dnsfailover.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How YAML text becomes {@link Node}s: what is null, what an alias reads as, where a syntax error is placed. */
class YamlTreeTest {

    final Problems problems = new Problems("test.yaml");

    Node.MapNode read(String yaml) {
        return (Node.MapNode) new YamlTree(problems, new Interpolator(name -> null, Path.of("."), problems)).read(yaml);
    }

    List<String> problems(String yaml) {
        new YamlTree(problems, new Interpolator(name -> null, Path.of("."), problems)).read(yaml);
        return problems.errors().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void readsTheScalarsYamlTakesForNullAsNull() {
        Node.MapNode map = read("""
                a: ~
                b: null
                c: NULL
                d:
                e: !!null x
                """);
        assertThat(map.entries().values()).allSatisfy(e -> assertThat(e.value()).isInstanceOf(Node.Null.class));
    }

    @Test
    void readsQuotedAndTaggedNullWordsAsText() {
        Node.MapNode map = read("""
                a: ""
                b: 'null'
                c: !!str null
                d: nullish
                """);
        assertThat(map.entries().values()).extracting(e -> ((Node.Scalar) e.value()).text())
                .containsExactly("", "null", "null", "nullish");
    }

    @Test
    void readsAnAliasAsTheNameOfItsAnchor() {
        Node.MapNode map = read("a: &port 443\nb: *port\n");
        assertThat(map.entries().get("b").value()).isEqualTo(new Node.Scalar(2, 4, "port", "port", false));
    }

    @Test
    void placesEachKeyAndValueWhereItIsWritten() {
        Node.MapNode map = read("top:\n  list: [x, { k: v }]\n");
        Node.Entry list = ((Node.MapNode) map.entries().get("top").value()).entries().get("list");
        assertThat(list.line()).isEqualTo(2);
        assertThat(list.column()).isEqualTo(3);
        Node.ListNode items = (Node.ListNode) list.value();
        assertThat(items.items()).extracting(Node::line, Node::column).containsExactly(tuple(2, 10), tuple(2, 13));
    }

    @Test
    void reportsAKeyThatIsNoSingleValue() {
        assertThat(problems("providers:\n  [a, b]: { type: inmemory }\n")).containsExactly("test.yaml:2:4: this is not valid YAML "
                + "(Expected a field name (Scalar value in YAML), got this instead: <org.yaml.snakeyaml.events.SequenceStartEvent"
                + "(anchor=null, tag=null, implicit=true)>); check the indentation and quoting on this line");
    }

    @Test
    void reportsASyntaxErrorWhereTheLastGoodValueEnded() {
        assertThat(problems("providers:\n  a: { type: powerdns\ngroups: {}\n")).containsExactly("test.yaml:3:7: this is not valid "
                + "YAML (while parsing a flow mapping); check the indentation and quoting on this line");
    }

    @Test
    void refusesNestingDeeperThanAThousandLevels() {
        assertThat(problems("a: " + "[".repeat(1001) + "]".repeat(1001) + "\n")).singleElement().asString()
                .contains("this is not valid YAML (Document nesting depth (1001) exceeds the maximum allowed (1000))");
    }
}
