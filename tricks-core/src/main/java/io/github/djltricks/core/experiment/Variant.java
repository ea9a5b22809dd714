/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.experiment;

import java.util.Map;

/**
 * A named change to the configuration, one row of an ablation table (such as "+ cosine").
 *
 * @param name the row name, unique within the ablation
 * @param changes the parameters the variant sets
 */
public record Variant(String name, Map<String, Object> changes) {

    /**
     * Creates a variant, keeping an ordered copy of the changes.
     *
     * @param name the row name
     * @param changes the parameters the variant sets
     */
    public Variant {
        changes = Configuration.of(changes).asMap();
    }
}
