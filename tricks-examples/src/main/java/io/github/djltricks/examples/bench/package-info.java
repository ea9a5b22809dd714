/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Benchmarks: every performance figure measured as a ratio against a baseline in the same run,
 * behind one {@code bench} command.
 */
package io.github.djltricks.examples.bench;
