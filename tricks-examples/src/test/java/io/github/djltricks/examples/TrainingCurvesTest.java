/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Curves written as CSV read back as they were, only the series asked for. */
class TrainingCurvesTest {

    @TempDir Path dir;

    @Test
    void curvesReadBackAsWrittenKeepingOnlyTheNamedSeries() throws IOException {
        TrainingCurves curves = new TrainingCurves();
        String odd = "+ cosine, \"warmup\" / seed 1";
        curves.record(odd, 1, 2.5);
        curves.record(odd, 2, 1.25e-7);
        curves.record("baseline / seed 1", 1, 3);
        curves.record("gone / seed 1", 1, 9);
        Path file = dir.resolve("curves.csv");
        curves.writeCsv(file);

        TrainingCurves read = TrainingCurves.read(file, List.of("baseline / seed 1", odd, "x"));
        assertThat(read.names()).containsExactly(odd, "baseline / seed 1");
        assertThat(read.values(odd)).containsExactly(2.5, 1.25e-7);
        assertThat(read.values("baseline / seed 1")).containsExactly(3.0);
        Path again = dir.resolve("again.csv");
        read.writeCsv(again);
        TrainingCurves twice = TrainingCurves.read(again, List.of(odd));
        assertThat(twice.values(odd)).containsExactly(2.5, 1.25e-7);
    }

    @Test
    void aMissingFileGivesNoCurvesAndRemoveDropsASeries() throws IOException {
        TrainingCurves none = TrainingCurves.read(dir.resolve("absent.csv"), List.of("a"));
        assertThat(none.names()).isEmpty();
        none.record("a", 1, 1);
        none.record("b", 1, 2);
        none.remove("a");
        none.record("a", 1, 5);
        assertThat(none.names()).containsExactly("b", "a");
        assertThat(none.values("a")).containsExactly(5.0);
    }

    @Test
    void aMalformedLineIsRefusedWithItsNumber() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "series,step,value\n\"a\",1,2\n\"a\",x,2\n");
        assertThatThrownBy(() -> TrainingCurves.read(file, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("\"a\",x,2");
        Files.writeString(file, "series,step,value\na,1,2\n");
        assertThatThrownBy(() -> TrainingCurves.read(file, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
    }
}
