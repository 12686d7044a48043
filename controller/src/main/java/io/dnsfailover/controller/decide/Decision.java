package io.dnsfailover.controller.decide;

import java.util.List;

/**
 * What a group should publish now, and why.
 *
 * @param targets the names of the targets to publish, in group order; empty when nothing is to be
 *     published (the record is left as it is)
 * @param values their record values (normalised, sorted), or the published values when {@link #change()} is false
 * @param change true when {@code values} differ from what is published
 * @param reason one or two sentences naming the evidence: which checks failed, how, since when
 */
public record Decision(List<String> targets, List<String> values, boolean change, String reason) {

    public Decision {
        targets = List.copyOf(targets);
        values = values.stream().sorted().toList();
    }
}
