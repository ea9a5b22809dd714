/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import io.github.djltricks.core.experiment.Configuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The switches of one {@link DetectorTrial} run, read once from its {@link Configuration} (the form
 * {@code AblationRunner} records in {@code results.json} and hands to child JVMs) and checked
 * there: an unknown key, a missing switch, a value of the wrong type or outside its range fails
 * before anything trains, naming the key, the value and what is allowed. The keys and what each
 * switches are listed in {@link DetectorTrial}.
 *
 * <p>Besides its own keys, a configuration may switch on the {@link TrialExtra extras} of
 * bof-detection's rows ({@link BofDetectionCommand#ROWS}) by their keys, each an optional boolean,
 * off when absent: a trick that plugs into the trial as an extra is a row of one line there, and
 * nothing here or in the trial names it. Every JVM that runs a {@link DetectorTrial} builds that
 * list, the child of a {@link ForkedTrial} too, which gets only the configuration: it finds the
 * extras again by their keys.
 *
 * @param syncBn {@code syncbn}: shared batch-norm statistics over the shards
 * @param randomShapes {@code random_shapes}: a new training size every 10 steps
 * @param schedule {@code schedule}: {@code "step"} or {@code "cosine"}
 * @param labelSmoothing {@code label_smoothing}: smoothed class targets
 * @param mixup {@code mixup}: BoF's detection mixup
 * @param boxLoss {@code box_loss}: {@code "classic"} or {@code "giou"}
 * @param focal {@code focal}: focal objectness
 * @param mosaic {@code mosaic} (default false): YOLOv4's Mosaic
 * @param augmentation {@code augmentation} (default {@code "standard"}): {@code "standard"} or
 *     {@code "flip"}
 * @param width {@code width}: the width multiplier, or null for the trial's
 * @param positiveIou {@code positive_iou}: YOLOv4's positive threshold in [0, 1], or null for
 *     YOLOv3's one positive per object
 * @param ignorePredicted {@code ignore_predicted} (default true): YOLOv3's ignore rule
 * @param shapeFinalSteps {@code shape_final_steps} (default 0): the last steps at the test size
 * @param trainSize {@code train_size}: the first that many training canvases, or null for all
 * @param epochs {@code epochs}: this run's epochs, or null for the trial's
 * @param extras the extras whose key is true, in row order, each once
 */
public record DetectorRecipe(
        boolean syncBn,
        boolean randomShapes,
        String schedule,
        boolean labelSmoothing,
        boolean mixup,
        String boxLoss,
        boolean focal,
        boolean mosaic,
        String augmentation,
        Float width,
        Float positiveIou,
        boolean ignorePredicted,
        int shapeFinalSteps,
        Integer trainSize,
        Integer epochs,
        List<TrialExtra> extras) {

    /** The switches every configuration must have. */
    static final List<String> REQUIRED =
            List.of(
                    "syncbn",
                    "random_shapes",
                    "schedule",
                    "label_smoothing",
                    "mixup",
                    "box_loss",
                    "focal");

    /** The switches a configuration may have. */
    static final List<String> OPTIONAL =
            List.of(
                    "mosaic",
                    "augmentation",
                    "width",
                    "positive_iou",
                    "ignore_predicted",
                    "shape_final_steps",
                    "train_size",
                    "epochs");

    private static final Map<String, Set<String>> CHOICES =
            Map.of(
                    "schedule", Set.of("step", "cosine"),
                    "box_loss", Set.of("classic", "giou"),
                    "augmentation", Set.of("standard", "flip"));

    /**
     * Reads and checks a configuration, its extras among bof-detection's rows.
     *
     * @param configuration the switches
     * @return the recipe
     * @throws IllegalArgumentException if a key is unknown or a required one missing, or a value
     *     has the wrong type or lies outside its range
     */
    public static DetectorRecipe of(Configuration configuration) {
        return of(configuration, BofDetectionCommand.ROWS);
    }

    /**
     * Reads and checks a configuration, its extras among some rows.
     *
     * @param configuration the switches
     * @param rows the rows whose extras' keys the configuration may switch on
     * @return the recipe
     * @throws IllegalArgumentException if a key is unknown or a required one missing, or a value
     *     has the wrong type or lies outside its range, or two different extras of the rows share a
     *     key
     */
    static DetectorRecipe of(Configuration configuration, List<AblationRow> rows) {
        Map<String, Object> map = configuration.asMap();
        List<String> optional = new ArrayList<>(OPTIONAL);
        Map<String, TrialExtra> extraByKey = new LinkedHashMap<>();
        for (AblationRow row : rows) {
            for (TrialExtra extra : row.extras()) {
                TrialExtra other = extraByKey.putIfAbsent(extra.key(), extra);
                if (other != null && !other.equals(extra)) {
                    throw new IllegalArgumentException(
                            "two extras share the key '"
                                    + extra.key()
                                    + "': "
                                    + other
                                    + " and "
                                    + extra);
                }
                if (REQUIRED.contains(extra.key()) || OPTIONAL.contains(extra.key())) {
                    throw new IllegalArgumentException(
                            "extra "
                                    + extra
                                    + " takes the detector's own key '"
                                    + extra.key()
                                    + "'");
                }
            }
        }
        optional.addAll(extraByKey.keySet());
        List<String> unknown = new ArrayList<>();
        for (String key : map.keySet()) {
            if (!REQUIRED.contains(key) && !optional.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown detector switch(es) "
                            + unknown
                            + "; allowed: "
                            + REQUIRED
                            + " and optionally "
                            + optional);
        }
        List<TrialExtra> extras = new ArrayList<>();
        for (TrialExtra extra : extraByKey.values()) {
            if (flag(configuration, extra.key(), false)) {
                extras.add(extra);
            }
        }
        for (String key : REQUIRED) {
            if (!map.containsKey(key)) {
                throw new IllegalArgumentException(
                        "missing detector switch '" + key + "'; required: " + REQUIRED);
            }
        }
        Float width = map.containsKey("width") ? (float) configuration.getDouble("width") : null;
        if (width != null) {
            OptionRanges.WIDTH_MULTIPLIER.check("width", width);
        }
        Float positiveIou =
                map.containsKey("positive_iou")
                        ? (float) configuration.getDouble("positive_iou")
                        : null;
        if (positiveIou != null && !(positiveIou >= 0 && positiveIou <= 1)) {
            throw new IllegalArgumentException(
                    "positive_iou must be in [0, 1], got positive_iou=" + positiveIou);
        }
        int shapeFinalSteps = atLeast(configuration, "shape_final_steps", 0, 0);
        Integer trainSize =
                map.containsKey("train_size") ? atLeast(configuration, "train_size", 1, 0) : null;
        Integer epochs = map.containsKey("epochs") ? atLeast(configuration, "epochs", 1, 0) : null;
        return new DetectorRecipe(
                configuration.getBoolean("syncbn"),
                configuration.getBoolean("random_shapes"),
                choice(configuration, "schedule", null),
                configuration.getBoolean("label_smoothing"),
                configuration.getBoolean("mixup"),
                choice(configuration, "box_loss", null),
                configuration.getBoolean("focal"),
                flag(configuration, "mosaic", false),
                choice(configuration, "augmentation", "standard"),
                width,
                positiveIou,
                flag(configuration, "ignore_predicted", true),
                shapeFinalSteps,
                trainSize,
                epochs,
                List.copyOf(extras));
    }

    private static boolean flag(Configuration configuration, String key, boolean absent) {
        return configuration.asMap().containsKey(key) ? configuration.getBoolean(key) : absent;
    }

    private static String choice(Configuration configuration, String key, String absent) {
        if (!configuration.asMap().containsKey(key)) {
            return absent;
        }
        String value = configuration.getString(key);
        if (!CHOICES.get(key).contains(value)) {
            throw new IllegalArgumentException(
                    key
                            + " must be one of "
                            + new TreeSet<>(CHOICES.get(key))
                            + ", got "
                            + key
                            + "=\""
                            + value
                            + "\"");
        }
        return value;
    }

    private static int atLeast(Configuration configuration, String key, int min, int absent) {
        if (!configuration.asMap().containsKey(key)) {
            return absent;
        }
        int value = configuration.getInt(key);
        if (value < min) {
            throw new IllegalArgumentException(
                    key + " must be >= " + min + ", got " + key + "=" + value);
        }
        return value;
    }
}
