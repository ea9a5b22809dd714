/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.djltricks.core.experiment.Part;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The part a command runs: {@code --part}, else a Slurm job array's, else an Indexed Job's. */
class PartOptionsTest {

    @Test
    void thePartComesFromTheOptionThenSlurmThenKubernetes() {
        assertThat(PartOptions.resolve(Map.of(), null)).isEqualTo(Part.WHOLE);
        assertThat(PartOptions.resolve(Map.of(), "2/3")).isEqualTo(new Part(2, 3));
        Map<String, String> slurm0 =
                Map.of(
                        "SLURM_ARRAY_TASK_ID", "0",
                        "SLURM_ARRAY_TASK_COUNT", "4",
                        "SLURM_ARRAY_TASK_MIN", "0",
                        "SLURM_ARRAY_TASK_STEP", "1");
        assertThat(PartOptions.resolve(slurm0, null)).isEqualTo(new Part(1, 4));
        // --array=1-4 numbers the same parts from 1; --array=0-6:2 by steps of 2
        Map<String, String> slurm1 =
                Map.of(
                        "SLURM_ARRAY_TASK_ID", "4",
                        "SLURM_ARRAY_TASK_COUNT", "4",
                        "SLURM_ARRAY_TASK_MIN", "1");
        assertThat(PartOptions.resolve(slurm1, null)).isEqualTo(new Part(4, 4));
        Map<String, String> stepped =
                Map.of(
                        "SLURM_ARRAY_TASK_ID", "4",
                        "SLURM_ARRAY_TASK_COUNT", "4",
                        "SLURM_ARRAY_TASK_MIN", "0",
                        "SLURM_ARRAY_TASK_STEP", "2");
        assertThat(PartOptions.resolve(stepped, null)).isEqualTo(new Part(3, 4));
        Map<String, String> k8s = Map.of("JOB_COMPLETION_INDEX", "2", PartOptions.COUNT_ENV, "3");
        assertThat(PartOptions.resolve(k8s, null)).isEqualTo(new Part(3, 3));
        // the option wins over the scheduler: merge runs the whole with --part 1/1
        assertThat(PartOptions.resolve(k8s, "1/1")).isEqualTo(Part.WHOLE);
        PartOptions part = new PartOptions(k8s, null);
        assertThat(part.partial()).isTrue();
        assertThat(part.dir(Path.of("out"))).isEqualTo(Path.of("out", "part-3-of-3"));
        assertThat(new PartOptions(k8s, "1/1").dir(Path.of("out"))).isEqualTo(Path.of("out"));
    }

    @Test
    void aBadPartNamesTheOptionOrVariableAndItsValue() {
        assertThatThrownBy(() -> PartOptions.resolve(Map.of(), "4/3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--part must be I/N, two whole numbers with 1 <= I <= N (e.g. 2/3); got"
                                + " '4/3'");
        assertThatThrownBy(() -> PartOptions.resolve(Map.of("JOB_COMPLETION_INDEX", "0"), null))
                .hasMessageContaining("environment variable JOB_COMPLETIONS must be set")
                .hasMessageContaining("or pass --part I/N");
        assertThatThrownBy(
                        () ->
                                PartOptions.resolve(
                                        Map.of(
                                                "JOB_COMPLETION_INDEX",
                                                "3",
                                                PartOptions.COUNT_ENV,
                                                "3"),
                                        null))
                .hasMessage(
                        "JOB_COMPLETION_INDEX 3 must name part 1 to 3 of 3 parts; it names"
                                + " part 4");
        assertThatThrownBy(
                        () ->
                                PartOptions.resolve(
                                        Map.of(
                                                "SLURM_ARRAY_TASK_ID",
                                                "1",
                                                "SLURM_ARRAY_TASK_COUNT",
                                                "x"),
                                        null))
                .hasMessage(
                        "environment variable SLURM_ARRAY_TASK_COUNT must be a whole number; got"
                                + " 'x'");
    }

    @Test
    void theRecordedArgumentsLeaveOutThePartAndTheOutput() {
        assertThat(
                        PartOptions.args(
                                "bof-detection",
                                List.of(
                                        "bof-detection",
                                        "--quick",
                                        "--part",
                                        "2/3",
                                        "--out",
                                        "o",
                                        "--out=p",
                                        "--part=1/2",
                                        "--report-only",
                                        "--seeds",
                                        "2")))
                .containsExactly("--quick", "--seeds", "2");
        assertThat(PartOptions.version()).contains("code sha256 ");
    }
}
