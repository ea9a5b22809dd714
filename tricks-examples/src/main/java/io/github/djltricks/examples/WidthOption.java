/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import picocli.CommandLine.Option;

/**
 * The {@code --width} option of the commands that train the example detector in the main job's
 * setting ({@code bof-detection}, {@code regime-map}): the detector's width multiplier, {@link
 * BofDetectionCommand#DEFAULT_WIDTH} unless given.
 */
public final class WidthOption {

    @Option(
            names = "--width",
            description =
                    "Width multiplier, "
                            + OptionRanges.WIDTH_MULTIPLIER_HELP
                            + " (default: ${DEFAULT-VALUE}).")
    private float width = BofDetectionCommand.DEFAULT_WIDTH;

    /**
     * Returns the width multiplier.
     *
     * @return the value given, or {@link BofDetectionCommand#DEFAULT_WIDTH}
     * @throws IllegalArgumentException if it is outside {@link OptionRanges#WIDTH_MULTIPLIER}
     */
    public float multiplier() {
        OptionRanges.WIDTH_MULTIPLIER.check("--width", width);
        return width;
    }
}
