/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.djltricks.core.schedule.WarmupSchedule;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code schedule} writes every step's value to CSV and a readable PNG chart, or fails in one line.
 */
class ScheduleCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void writesCsvOfEveryStepAndPngChart() throws IOException {
        Path csv = dir.resolve("out/lr.csv");
        Path png = dir.resolve("out/lr.png");
        int code =
                run(
                        "schedule",
                        "--base",
                        "0.2",
                        "--warmup-begin",
                        "0.02",
                        "--warmup-epochs",
                        "2",
                        "--total-epochs",
                        "10",
                        "--steps-per-epoch",
                        "30",
                        "--final",
                        "0.001",
                        "--updates-per-step",
                        "2",
                        "--csv",
                        csv.toString(),
                        "--png",
                        png.toString());
        assertThat(code).as(err.toString()).isZero();
        WarmupSchedule expected =
                WarmupSchedule.builder()
                        .setBaseValue(0.2f)
                        .optWarmupBegin(0.02f)
                        .optWarmupSteps(60)
                        .setTotalSteps(300)
                        .optFinalValue(0.001f)
                        .optUpdatesPerStep(2)
                        .cosine()
                        .build();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("step,num_update,value");
        assertThat(lines).hasSize(302);
        for (int t = 0; t <= 300; t++) {
            String[] cells = lines.get(t + 1).split(",");
            assertThat(Long.parseLong(cells[0])).isEqualTo(t);
            assertThat(Long.parseLong(cells[1])).isEqualTo(2L * t + 1);
            assertThat(Float.parseFloat(cells[2])).isEqualTo((float) expected.value(t));
        }
        assertThat(Float.parseFloat(lines.get(1).split(",")[2])).isEqualTo(0.02f);
        assertThat(Float.parseFloat(lines.get(301).split(",")[2])).isEqualTo(0.001f);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(500);
        assertThat(out.toString()).contains("cosine").contains("301 rows");
    }

    @Test
    void multistepFromMilestones() throws IOException {
        Path csv = dir.resolve("m.csv");
        int code =
                run(
                        "schedule",
                        "--shape",
                        "multistep",
                        "--total",
                        "100",
                        "--milestones",
                        "30,80",
                        "--csv",
                        csv.toString(),
                        "--png",
                        dir.resolve("m.png").toString());
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(30).split(",")[2]).isEqualTo(Float.toString(0.1f));
        assertThat(lines.get(31).split(",")[2])
                .isEqualTo(Float.toString((float) (0.1f * Math.pow(0.1f, 1))));
        assertThat(lines.get(101).split(",")[2])
                .isEqualTo(Float.toString((float) (0.1f * Math.pow(0.1f, 2))));
    }

    @Test
    void longScheduleIsDrawnFromAtMostMaxPoints() throws IOException {
        Path png = dir.resolve("long.png");
        int code =
                run(
                        "schedule",
                        "--total",
                        "20000",
                        "--warmup",
                        "1000",
                        "--csv",
                        dir.resolve("long.csv").toString(),
                        "--png",
                        png.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(ImageIO.read(png.toFile())).isNotNull();
        assertThat(Files.readAllLines(dir.resolve("long.csv"))).hasSize(20_002);
        WarmupSchedule schedule =
                WarmupSchedule.builder()
                        .setBaseValue(0.1f)
                        .optWarmupSteps(1000)
                        .setTotalSteps(20_000)
                        .cosine()
                        .build();
        double[][] points = ScheduleCommand.points(schedule);
        assertThat(points[0]).hasSize(ScheduleCommand.MAX_POINTS);
        assertThat(points[0][0]).isZero();
        assertThat(points[0][ScheduleCommand.MAX_POINTS - 1]).isEqualTo(20_000);
        for (int i = 1; i < points[0].length; i++) {
            assertThat(points[0][i]).isGreaterThan(points[0][i - 1]);
            assertThat(points[1][i]).isEqualTo(schedule.value((long) points[0][i]));
        }
    }

    @Test
    void badValueIsOneLineErrorNamingTheParameter() {
        assertThat(
                        run(
                                "schedule",
                                "--total",
                                "100",
                                "--warmup",
                                "150",
                                "--csv",
                                dir.resolve("x.csv").toString(),
                                "--png",
                                dir.resolve("x.png").toString()))
                .isEqualTo(1);
        String text = err.toString().strip();
        assertThat(text).contains("warmupSteps").contains("150").doesNotContain("\n");
        assertThat(Files.exists(dir.resolve("x.csv"))).isFalse();
    }

    @Test
    void unknownShapeIsUsageError() {
        assertThat(run("schedule", "--total", "100", "--shape", "exponential")).isEqualTo(2);
        assertThat(err.toString()).contains("exponential").contains("cosine");
    }
}
