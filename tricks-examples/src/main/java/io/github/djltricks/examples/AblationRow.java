/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import io.github.djltricks.core.experiment.Configuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of an example ablation after its baseline: its name, the configuration changes it makes
 * (on the row above, or on the baseline alone with {@code --one-at-a-time}), and the {@link
 * TrialExtra extras} those changes switch on. A command lists its rows once, one line each.
 *
 * @param name the row's name, e.g. {@code "+ EMA"}
 * @param changes the configuration keys it changes and their values
 * @param extras the extras it brings, each switched on by its key among the changes
 */
public record AblationRow(String name, Map<String, Object> changes, List<TrialExtra> extras) {

    /**
     * Checks that every extra's switch is among the changes, turned on.
     *
     * @param name the row's name
     * @param changes the configuration changes
     * @param extras the extras
     */
    public AblationRow {
        changes = Map.copyOf(changes);
        extras = List.copyOf(extras);
        for (TrialExtra extra : extras) {
            if (!Boolean.TRUE.equals(changes.get(extra.key()))) {
                throw new IllegalArgumentException(
                        "row '" + name + "' must set " + extra.key() + "=true for its extra");
            }
        }
    }

    /**
     * A row of configuration changes only, which the recipe reads.
     *
     * @param name the row's name
     * @param changes the configuration keys it changes and their values
     * @return the row
     */
    public static AblationRow of(String name, Map<String, Object> changes) {
        return new AblationRow(name, changes, List.of());
    }

    /**
     * A row that switches on one extra.
     *
     * @param name the row's name
     * @param extra the extra, its key set to true
     * @return the row
     */
    public static AblationRow of(String name, TrialExtra extra) {
        return new AblationRow(name, Map.of(extra.key(), true), List.of(extra));
    }

    /**
     * Returns the extras a run's configuration switches on: those of the rows whose switch the
     * configuration has set to true, in row order.
     *
     * @param rows the ablation's rows
     * @param configuration the run's configuration
     * @return the extras, each once
     */
    public static List<TrialExtra> extrasOn(List<AblationRow> rows, Configuration configuration) {
        Map<String, Object> map = configuration.asMap();
        List<TrialExtra> on = new ArrayList<>();
        for (AblationRow row : rows) {
            for (TrialExtra extra : row.extras()) {
                if (Boolean.TRUE.equals(map.get(extra.key())) && !on.contains(extra)) {
                    on.add(extra);
                }
            }
        }
        return on;
    }

    /**
     * Names rows as a list in prose for a command's help, each quoted since a name may hold a
     * comma: {@code "a", "b" and "c"}.
     *
     * @param rows the rows, at least one
     * @return their names
     */
    public static String names(List<AblationRow> rows) {
        List<String> names = rows.stream().map(r -> '"' + r.name() + '"').toList();
        int last = names.size() - 1;
        return last == 0
                ? names.get(0)
                : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
    }
}
