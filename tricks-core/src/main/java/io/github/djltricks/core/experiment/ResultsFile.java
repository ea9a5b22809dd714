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
import java.util.List;

/** Reads and atomically rewrites the JSON results file of an ablation: {@code {"runs": [...]}}. */
final class ResultsFile {

    private static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .disableHtmlEscaping()
                    .serializeSpecialFloatingPointValues()
                    .create();

    /** The file's JSON shape. */
    private static final class Content {
        List<RunRecord> runs = new ArrayList<>();
    }

    private ResultsFile() {}

    static List<RunRecord> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Content content = GSON.fromJson(reader, Content.class);
            if (content == null || content.runs == null) {
                return new ArrayList<>();
            }
            return new ArrayList<>(content.runs);
        } catch (JsonParseException e) {
            throw new IllegalStateException(
                    "Results file " + file + " is not an ablation results file: " + e.getMessage(),
                    e);
        }
    }

    /** Writes to a temporary file beside the target, then moves it over: a kill never truncates. */
    static void write(Path file, List<RunRecord> runs) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        Content content = new Content();
        content.runs = runs;
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            GSON.toJson(content, writer);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
