/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and atomically rewrites the JSON results file of an ablation: {@code {"runs": [...]}}; the
 * file of one part of an ablation spread over machines ({@link Part}) also says which part it is
 * and of which ablation, for {@link PartialResults#merge}.
 */
final class ResultsFile {

    private static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .disableHtmlEscaping()
                    .serializeSpecialFloatingPointValues()
                    .create();

    /** The file's JSON shape; every field but {@code runs} is a partial results file's only. */
    static final class Content {
        /** The part, {@code I/N}. */
        String part;

        /** What else the runs depend on (command, arguments, code version); may be empty. */
        Map<String, String> settings;

        /** The ablation's mode. */
        AblationRunner.Mode mode;

        /** The ablation's seeds. */
        long[] seeds;

        /** The ablation's rows and their configurations, in table order. */
        LinkedHashMap<String, Map<String, Object>> rows;

        /** The part each run of the ablation is dealt to, in run order (seed by seed, by row). */
        int[] dealt;

        /** The recorded runs. */
        List<RunRecord> runs = new ArrayList<>();
    }

    private ResultsFile() {}

    static List<RunRecord> read(Path file) throws IOException {
        return readContent(file).runs;
    }

    /** The whole file; a missing file reads as one without runs. */
    static Content readContent(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Content();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Content content = GSON.fromJson(reader, Content.class);
            if (content == null) {
                return new Content();
            }
            content.runs = content.runs == null ? new ArrayList<>() : new ArrayList<>(content.runs);
            return content;
        } catch (JsonParseException e) {
            throw new IllegalStateException(
                    "Results file " + file + " is not an ablation results file: " + e.getMessage(),
                    e);
        }
    }

    /** Writes to a temporary file beside the target, then moves it over: a kill never truncates. */
    static void write(Path file, List<RunRecord> runs) throws IOException {
        write(file, runs, null);
    }

    /**
     * Writes the runs under a partial results file's header (its fields but the runs), or none if
     * {@code header} is null.
     */
    static void write(Path file, List<RunRecord> runs, Content header) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        Content content = new Content();
        if (header != null) {
            content.part = header.part;
            content.settings = header.settings;
            content.mode = header.mode;
            content.seeds = header.seeds;
            content.rows = header.rows;
            content.dealt = header.dealt;
        }
        content.runs = runs;
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            GSON.toJson(content, writer);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
