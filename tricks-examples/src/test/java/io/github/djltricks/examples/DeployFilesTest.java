/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.djltricks.core.experiment.Part;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The scheduler files of {@code deploy/}: the Kubernetes manifests hold the fields of an Indexed
 * Job (batch/v1) and a command the examples accept, and the Slurm script passes {@code bash -n}
 * and, where it is installed, shellcheck.
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("deploy");

    @Test
    @SuppressWarnings("unchecked")
    void theIndexedJobRunsEveryPartOfTheFullFormIntoOneSharedDirectory() throws IOException {
        Map<String, Object> job = yaml("k8s-bof-detection.yaml");
        assertThat(job).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "Job");
        assertThat(((Map<String, Object>) job.get("metadata")).get("name"))
                .isEqualTo("bof-detection");
        Map<String, Object> spec = (Map<String, Object>) job.get("spec");
        assertThat(spec.keySet())
                .containsOnly(
                        "completionMode", "completions", "parallelism", "backoffLimit", "template");
        assertThat(spec).containsEntry("completionMode", "Indexed");
        int completions = (Integer) spec.get("completions");
        assertThat(completions).isGreaterThan(1);
        assertThat((Integer) spec.get("parallelism")).isBetween(1, completions);
        assertThat((Integer) spec.get("backoffLimit")).isGreaterThanOrEqualTo(0);
        Map<String, Object> pod = podSpec(spec);
        // an Indexed Job's pods must not restart in place: a failed index gets a new pod
        assertThat(pod.get("restartPolicy")).isIn("Never", "OnFailure");
        Map<String, Object> container = onlyContainer(pod);
        assertThat(container.keySet())
                .containsOnly(
                        "name",
                        "image",
                        "workingDir",
                        "command",
                        "env",
                        "resources",
                        "volumeMounts");
        List<String> command = (List<String>) container.get("command");
        assertThat(command.subList(0, 3))
                .containsExactly("java", "-jar", "tricks-examples/target/tricks-examples.jar");
        List<String> args = command.subList(3, command.size());
        assertThat(args.get(0)).isEqualTo("bof-detection");
        // the part comes from the environment, not from the command
        assertThat(args).noneMatch(a -> a.startsWith("--part"));
        Main.commandLine().parseArgs(args.toArray(new String[0]));
        Map<String, String> env = new java.util.HashMap<>();
        for (Object e : (List<Object>) container.get("env")) {
            Map<String, Object> var = (Map<String, Object>) e;
            assertThat(var.get("value")).as("env values are strings").isInstanceOf(String.class);
            env.put((String) var.get("name"), (String) var.get("value"));
        }
        assertThat(env).containsEntry(PartOptions.COUNT_ENV, Integer.toString(completions));
        Set<Part> parts = new HashSet<>();
        for (int index = 0; index < completions; index++) {
            Map<String, String> podEnv = new java.util.HashMap<>(env);
            podEnv.put("JOB_COMPLETION_INDEX", Integer.toString(index));
            parts.add(PartOptions.resolve(podEnv, null));
        }
        assertThat(parts).hasSize(completions).allMatch(p -> p.count() == completions);
        String out = args.get(args.indexOf("--out") + 1);
        String data = args.get(args.indexOf("--data-dir") + 1);
        assertMounted(pod, container, out, data);

        // the merge Job merges that directory, with the same volumes
        Map<String, Object> merge = yaml("k8s-bof-detection-merge.yaml");
        assertThat(merge).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "Job");
        Map<String, Object> mergeSpec = (Map<String, Object>) merge.get("spec");
        assertThat(mergeSpec).doesNotContainKey("completionMode");
        Map<String, Object> mergePod = podSpec(mergeSpec);
        Map<String, Object> merger = onlyContainer(mergePod);
        List<String> mergeCommand = (List<String>) merger.get("command");
        assertThat(mergeCommand.subList(3, mergeCommand.size())).containsExactly("merge", out);
        assertThat(merger.get("image")).isEqualTo(container.get("image"));
        assertMounted(mergePod, merger, out, data);
    }

    @Test
    void theSlurmScriptPassesBashAndShellcheck() throws Exception {
        Path script = DEPLOY.resolve("slurm-bof-detection.sh");
        String text = Files.readString(script);
        assertThat(text)
                .startsWith("#!/usr/bin/env bash")
                .contains("#SBATCH --job-name=bof-detection")
                .contains("--dependency=\"afterok:${array}\"")
                .contains(" merge ")
                // a task resubmitted alone is an array of one: the count comes from PARTS
                .contains("--part \"$((SLURM_ARRAY_TASK_ID + 1))/${PARTS}\"");
        assertThat(exec(List.of("bash", "-n", script.toString()))).isZero();
        assumeThat(onPath("shellcheck")).as("shellcheck is installed").isTrue();
        assertThat(exec(List.of("shellcheck", script.toString()))).isZero();
    }

    @SuppressWarnings("unchecked")
    private static void assertMounted(
            Map<String, Object> pod, Map<String, Object> container, String... paths) {
        Set<String> volumes = new HashSet<>();
        for (Object v : (List<Object>) pod.get("volumes")) {
            volumes.add((String) ((Map<String, Object>) v).get("name"));
        }
        List<String> mounts = new ArrayList<>();
        for (Object m : (List<Object>) container.get("volumeMounts")) {
            Map<String, Object> mount = (Map<String, Object>) m;
            assertThat(volumes).contains((String) mount.get("name"));
            mounts.add((String) mount.get("mountPath"));
        }
        for (String path : paths) {
            assertThat(mounts).as(path).anyMatch(m -> path.startsWith(m + "/"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podSpec(Map<String, Object> jobSpec) {
        Map<String, Object> template = (Map<String, Object>) jobSpec.get("template");
        return (Map<String, Object>) template.get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyContainer(Map<String, Object> pod) {
        List<Object> containers = (List<Object>) pod.get("containers");
        assertThat(containers).hasSize(1);
        return (Map<String, Object>) containers.get(0);
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(DEPLOY.resolve(file)));
    }

    private static int exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return p.exitValue();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
