/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.github.djltricks.core.experiment.AblationRunner;
import io.github.djltricks.core.experiment.Part;
import io.github.djltricks.detection.yolo.YoloNet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --part I/N} option of the ablation commands, for an ablation spread over machines by a
 * scheduler: the command runs only its part's share of the (row, seed) runs, dealt by expected cost
 * ({@link Part#assign}), into {@code <out>/part-I-of-N/results.json} (and that directory's {@code
 * curves.csv}), and stops there; {@link MergeCommand} then combines the parts into the {@code
 * results.json}, tables and charts one machine would have written.
 *
 * <p>Without {@code --part}, the part comes from the scheduler's environment when it sets one:
 *
 * <ul>
 *   <li>a Slurm job array: {@code SLURM_ARRAY_TASK_ID} among {@code SLURM_ARRAY_TASK_COUNT} tasks
 *       (numbered from {@code SLURM_ARRAY_TASK_MIN} by {@code SLURM_ARRAY_TASK_STEP}, so {@code
 *       --array=0-3} and {@code --array=1-4} both make parts 1/4 to 4/4; a task resubmitted alone
 *       is an array of one, so a script that may resubmit passes {@code --part} itself);
 *   <li>a Kubernetes Indexed Job: {@code JOB_COMPLETION_INDEX} (0 to N − 1) among {@value
 *       #COUNT_ENV} parts, a variable Kubernetes does not set: the manifest sets it to the Job's
 *       {@code completions}.
 * </ul>
 *
 * <p>{@code --part 1/1} runs the whole ablation whatever the environment says.
 */
public final class PartOptions {

    /** The variable that gives the number of parts of a Kubernetes Indexed Job. */
    public static final String COUNT_ENV = "JOB_COMPLETIONS";

    private static final Gson GSON = new Gson();

    private static String version;

    @Option(
            names = "--part",
            paramLabel = "I/N",
            description =
                    "Run only part I of N of the (row, seed) runs, dealt by expected cost, into"
                            + " OUT/part-I-of-N/, for the merge command to combine; default: from"
                            + " SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, or"
                            + " JOB_COMPLETION_INDEX and "
                            + COUNT_ENV
                            + ", when set, else the whole ablation (1/1).")
    private String partOption;

    /** Set by {@code merge}: run nothing, write the tables and charts of the recorded runs. */
    @Option(names = "--report-only", hidden = true)
    private boolean reportOnly;

    private Map<String, String> env = System.getenv();
    private Part part;

    /** Creates the option, reading the process's environment. */
    public PartOptions() {}

    /**
     * Creates the option with an environment of its own (for tests).
     *
     * @param env the environment variables
     * @param part the value of {@code --part}, or null
     */
    PartOptions(Map<String, String> env, String part) {
        this.env = env;
        this.partOption = part;
    }

    /**
     * Returns the part this command runs: {@code --part}, else the scheduler's, else the whole.
     *
     * @return the part
     * @throws IllegalArgumentException if {@code --part} or the environment names no valid part;
     *     the message names the option or variable, its value and what is allowed
     */
    public Part part() {
        if (part == null) {
            part = resolve(env, partOption);
        }
        return part;
    }

    /**
     * Returns whether this command runs one part of several, and so stops after its runs.
     *
     * @return true unless the part is the whole
     */
    public boolean partial() {
        return !part().whole();
    }

    /**
     * Returns where this command's results go: the output directory, or its {@code part-I-of-N}
     * subdirectory for a part of several.
     *
     * @param out the output directory
     * @return the directory of the results file and the curves
     */
    public Path dir(Path out) {
        return part().whole() ? out : out.resolve(part().label());
    }

    /**
     * Sets the part, the cost of a run, the settings merge checks (command, arguments, code
     * version) and, for {@code merge}, report-only, on a runner's builder.
     *
     * @param builder the runner's builder
     * @param spec the command's spec
     * @param cost the expected cost of a run
     * @return the builder
     */
    public AblationRunner.Builder configure(
            AblationRunner.Builder builder,
            CommandSpec spec,
            ToDoubleFunction<AblationRunner.PendingRun> cost) {
        return builder.optPart(part())
                .optCost(cost)
                .optSettings(settings(spec))
                .optReportOnly(reportOnly);
    }

    /**
     * As {@link #configure(AblationRunner.Builder, CommandSpec, ToDoubleFunction)} with every run
     * costing the same.
     *
     * @param builder the runner's builder
     * @param spec the command's spec
     * @return the builder
     */
    public AblationRunner.Builder configure(AblationRunner.Builder builder, CommandSpec spec) {
        return configure(builder, spec, run -> 1);
    }

    /**
     * Ends a part: prints what it ran and where, and how to merge.
     *
     * @param console where to print
     * @param runner the part's runner
     * @param out the command's output directory (not the part's)
     * @return the exit code, 0
     */
    public int finish(PrintWriter console, AblationRunner runner, Path out) {
        console.printf(
                Locale.ROOT,
                "part %s: %d of %d runs in %s; when every part is done: java -jar"
                        + " tricks-examples.jar merge %s%n",
                part(),
                runner.partRuns().size(),
                runner.runs().size(),
                dir(out).resolve("results.json"),
                out);
        console.flush();
        return 0;
    }

    /**
     * The part named by {@code --part}, else by a Slurm job array or a Kubernetes Indexed Job, else
     * the whole.
     */
    static Part resolve(Map<String, String> env, String option) {
        if (option != null) {
            try {
                return Part.parse(option);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + e.getMessage(), e);
            }
        }
        String slurm = env.get("SLURM_ARRAY_TASK_ID");
        if (slurm != null) {
            int id = integer(env, "SLURM_ARRAY_TASK_ID", true);
            int count = integer(env, "SLURM_ARRAY_TASK_COUNT", true);
            int min =
                    env.containsKey("SLURM_ARRAY_TASK_MIN")
                            ? integer(env, "SLURM_ARRAY_TASK_MIN", true)
                            : 0;
            int step =
                    env.containsKey("SLURM_ARRAY_TASK_STEP")
                            ? integer(env, "SLURM_ARRAY_TASK_STEP", true)
                            : 1;
            if (step < 1 || (id - min) % step != 0) {
                throw new IllegalArgumentException(
                        "SLURM_ARRAY_TASK_ID must be SLURM_ARRAY_TASK_MIN plus a multiple of"
                                + " SLURM_ARRAY_TASK_STEP (>= 1); got id "
                                + id
                                + ", min "
                                + min
                                + ", step "
                                + step);
            }
            return fromEnvironment(
                    (id - min) / step + 1,
                    count,
                    "SLURM_ARRAY_TASK_ID " + id + " (min " + min + ", step " + step + ")");
        }
        String k8s = env.get("JOB_COMPLETION_INDEX");
        if (k8s != null) {
            int index = integer(env, "JOB_COMPLETION_INDEX", true);
            int count = integer(env, COUNT_ENV, false);
            return fromEnvironment(index + 1, count, "JOB_COMPLETION_INDEX " + index);
        }
        return Part.WHOLE;
    }

    private static Part fromEnvironment(int index, int count, String what) {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException(
                    what
                            + " must name part 1 to "
                            + count
                            + " of "
                            + count
                            + " parts; it names part "
                            + index);
        }
        return new Part(index, count);
    }

    private static int integer(Map<String, String> env, String name, boolean scheduler) {
        String value = env.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "environment variable "
                            + name
                            + " must be set to a whole number"
                            + (scheduler
                                    ? " (the scheduler sets it)"
                                    : ": the number of parts, the Indexed Job's completions,"
                                            + " which Kubernetes does not set (set it in the"
                                            + " manifest), or pass --part I/N")
                            + "; got none");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "environment variable " + name + " must be a whole number; got '" + value + "'",
                    e);
        }
    }

    /**
     * What a part's runs depend on besides the rows and seeds: the command, its arguments but
     * {@code --part} and {@code --out}, and the code's version.
     *
     * @param spec the command's spec
     * @return {@code command}, {@code args} (a JSON array) and {@code version}
     */
    static Map<String, String> settings(CommandSpec spec) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", spec.name());
        settings.put("args", GSON.toJson(args(spec.name(), originalArgs(spec))));
        settings.put("version", version());
        return settings;
    }

    private static List<String> originalArgs(CommandSpec spec) {
        return spec.commandLine().getParseResult() == null
                ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
    }

    /**
     * The arguments of a command, without its name, {@code --part}, {@code --report-only} and
     * {@code --out} (and their values).
     */
    static List<String> args(String command, List<String> original) {
        List<String> args = new ArrayList<>(original);
        if (!args.isEmpty() && args.get(0).equals(command)) {
            args.remove(0);
        }
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--part") || a.equals("--out")) {
                i++;
            } else if (!a.startsWith("--part=")
                    && !a.startsWith("--out=")
                    && !a.equals("--report-only")) {
                kept.add(a);
            }
        }
        return kept;
    }

    /**
     * Parses the {@code args} setting back into a list.
     *
     * @param json the setting
     * @return the arguments
     */
    static List<String> parseArgs(String json) {
        return GSON.fromJson(json, new TypeToken<List<String>>() {}.getType());
    }

    /**
     * The code's version: the jar's version and a SHA-256 of the code that runs an ablation (the
     * jars, or class directories, of the examples, the core and the detection module), so that
     * parts built from different code are told apart even when the version says the same.
     *
     * @return e.g. {@code "0.1.0 (code sha256 3f2a9c0e1b7d4a66)"}
     */
    static synchronized String version() {
        if (version == null) {
            String v = Main.class.getPackage().getImplementationVersion();
            Set<Path> sources = new LinkedHashSet<>();
            for (Class<?> c : List.of(Main.class, AblationRunner.class, YoloNet.class)) {
                CodeSource source = c.getProtectionDomain().getCodeSource();
                if (source != null && source.getLocation() != null) {
                    try {
                        sources.add(Path.of(source.getLocation().toURI()));
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // a location that is no file: left out of the digest
                    }
                }
            }
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (Path p : sources) {
                    digest(sha, p);
                }
                version =
                        (v == null ? "development build" : v)
                                + " (code sha256 "
                                + HexFormat.of().formatHex(sha.digest()).substring(0, 16)
                                + ")";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return version;
    }

    private static void digest(MessageDigest sha, Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            try (InputStream in = Files.newInputStream(source)) {
                sha.update(in.readAllBytes());
            }
            return;
        }
        if (!Files.isDirectory(source)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            sha.update(
                    source.relativize(f)
                            .toString()
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(f));
        }
    }
}
