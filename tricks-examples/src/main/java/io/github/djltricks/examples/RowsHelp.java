/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The parts of an ablation command's help that name or count its rows, written from the command's
 * row lists when picocli reads the command ({@code @Command(modelTransformer = …)}), so that a new
 * row is one line in its list and the help cannot fall behind: a paragraph that names the rows
 * before the annotation's description, optional paragraphs after it, and optional changes to
 * options whose help counts rows.
 */
public abstract class RowsHelp implements IModelTransformer {

    /** For subclasses, which picocli creates through their public no-argument constructor. */
    protected RowsHelp() {}

    /**
     * Returns the paragraph that names the rows, the description's first.
     *
     * @return the paragraph
     */
    protected abstract String rowsParagraph();

    /**
     * Returns the paragraphs after the annotation's description; none unless overridden.
     *
     * @return the paragraphs
     */
    protected List<String> closingParagraphs() {
        return List.of();
    }

    /**
     * Rewrites the options whose help counts rows; nothing unless overridden.
     *
     * @param spec the command
     */
    protected void rewriteOptions(CommandSpec spec) {}

    /** {@inheritDoc} */
    @Override
    public final CommandSpec transform(CommandSpec spec) {
        List<String> description = new ArrayList<>();
        description.add(rowsParagraph());
        description.addAll(List.of(spec.usageMessage().description()));
        description.addAll(closingParagraphs());
        spec.usageMessage().description(description.toArray(new String[0]));
        rewriteOptions(spec);
        return spec;
    }
}
