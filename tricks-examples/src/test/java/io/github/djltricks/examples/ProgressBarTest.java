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

    /** A bar off a terminal, printing every 30 s, on the clock {@code now[0]}. */
    private static ProgressBar offTerminal(StringWriter text, long total, long[] now) {
        return new ProgressBar(
                new PrintWriter(text), "job", total, false, Duration.ofSeconds(30), () -> now[0]);
    }

    @Test
    void etaIsLinearInTheWorkDoneSinceTheFirstUnit() {
        long[] now = {0};
        StringWriter text = new StringWriter();
        ProgressBar bar = offTerminal(text, 20, now);
        assertThat(bar.eta()).isNull();
        now[0] = Duration.ofSeconds(20).toNanos();
        bar.advance(4);
        assertThat(bar.eta()).isNull();
        now[0] = Duration.ofSeconds(30).toNanos();
        bar.advance(5);
        // 10 s for the 5 units after the first 4: 11 units left take 22 s
        assertThat(bar.eta()).isEqualTo(Duration.ofSeconds(22));
        assertThat(bar.render())
                .contains("job [#############")
                .contains(" 45% 9/20")
                .contains("ETA 0:22");
        bar.advance(11);
        assertThat(bar.eta()).isEqualTo(Duration.ZERO);
    }

    /**
     * Issue #25: a 10-minute job whose first step came after a long set-up read an ETA of 12:30:17.
     * The set-up does not count, and no estimate is shown until a few steps have finished.
     */
    @Test
    void aLongSetUpBeforeTheFirstStepDoesNotInflateTheEstimate() {
        long[] now = {0};
        StringWriter text = new StringWriter();
        ProgressBar bar = offTerminal(text, 600, now);
        now[0] = Duration.ofSeconds(75).toNanos(); // set-up and the first step
        bar.advance(1);
        assertThat(bar.eta()).isNull();
        assertThat(bar.render()).contains("ETA --:--");
        for (int i = 1; i < ProgressBar.MIN_UNITS; i++) {
            now[0] += Duration.ofSeconds(1).toNanos();
            bar.advance(1);
            assertThat(bar.eta()).as("after %d units", 1 + i).isNull();
        }
        now[0] += Duration.ofSeconds(1).toNanos();
        bar.advance(1);
        // one second a step: the 594 steps left take 9:54, not (80 s / 6) · 594 = 2:12:00
        assertThat(bar.eta()).isEqualTo(Duration.ofSeconds(594));
        assertThat(bar.render()).contains("ETA 9:54");
    }

    @Test
    void offATerminalItPrintsAtMostOnceAnIntervalAndAlwaysTheEnd() {
        long[] now = {0};
        StringWriter text = new StringWriter();
        ProgressBar bar = offTerminal(text, 100, now);
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
        io.github.djltricks.examples.chart.TrainingCurveChart.write(
                curves, dir.resolve("curves.png"), "loss", "training loss");
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
