/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarTest {

    @Test
    void etaIsLinearInTheWorkDone() {
        long[] now = {0};
        StringWriter text = new StringWriter();
        ProgressBar bar =
                new ProgressBar(
                        new PrintWriter(text),
                        "job",
                        10,
                        false,
                        Duration.ofSeconds(30),
                        () -> now[0]);
        assertThat(bar.eta()).isNull();
        now[0] = Duration.ofSeconds(20).toNanos();
        bar.advance(4);
        // 20 s for 4 units: 6 units left take 30 s
        assertThat(bar.eta()).isEqualTo(Duration.ofSeconds(30));
        assertThat(bar.render())
                .contains("job [############")
                .contains(" 40% 4/10")
                .contains("ETA 0:30");
    }

    @Test
    void offATerminalItPrintsAtMostOnceAnIntervalAndAlwaysTheEnd() {
        long[] now = {0};
        StringWriter text = new StringWriter();
        ProgressBar bar =
                new ProgressBar(
                        new PrintWriter(text),
                        "job",
                        100,
                        false,
                        Duration.ofSeconds(30),
                        () -> now[0]);
        for (int i = 0; i < 99; i++) {
            now[0] += Duration.ofMillis(100).toNanos(); // 9.9 s in all: only the first prints
            bar.advance(1);
        }
        assertThat(text.toString().lines()).hasSize(1);
        bar.advance(1);
        assertThat(text.toString().lines()).hasSize(2).last().asString().contains("100% 100/100");
        bar.finish();
        assertThat(bar.done()).isEqualTo(100);
    }

    @Test
    void rejectsBadCounts() {
        PrintWriter out = new PrintWriter(new StringWriter());
        assertThatThrownBy(() -> new ProgressBar(out, "job", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("total must be >= 1, got 0");
        ProgressBar bar = new ProgressBar(out, "job", 5);
        assertThatThrownBy(() -> bar.advance(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("units must be >= 0, got -1");
    }

    @Test
    void formatsHoursMinutesAndSeconds() {
        assertThat(ProgressBar.format(Duration.ofSeconds(59))).isEqualTo("0:59");
        assertThat(ProgressBar.format(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }

    @Test
    void curvesWriteEveryPointAsCsvAndAPng(@TempDir Path dir) throws Exception {
        TrainingCurves curves = new TrainingCurves();
        curves.record("baseline / seed 1", 1, 2.5);
        curves.record("baseline / seed 1", 2, 2.0);
        curves.record("+ \"mixup\"", 1, 3.0);
        curves.writeCsv(dir.resolve("curves.csv"));
        curves.writeChart(dir.resolve("curves.png"), "loss", "training loss");
        assertThat(Files.readAllLines(dir.resolve("curves.csv")))
                .containsExactly(
                        "series,step,value",
                        "\"baseline / seed 1\",1,2.50000",
                        "\"baseline / seed 1\",2,2.00000",
                        "\"+ \"\"mixup\"\"\",1,3.00000");
        byte[] png = Files.readAllBytes(dir.resolve("curves.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(curves.values("baseline / seed 1")).containsExactly(2.5, 2.0);
    }
}
