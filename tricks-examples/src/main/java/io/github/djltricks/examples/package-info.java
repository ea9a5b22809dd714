/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Example programs of DJL Tricks, run from {@code tricks-examples.jar}: the Bag-of-Freebies
 * reproductions, schedule plots, benchmarks and an engine check.
 */
package io.github.djltricks.examples;
