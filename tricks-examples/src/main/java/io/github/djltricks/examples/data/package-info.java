/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/** Data sets the example programs train on, read from local files. */
package io.github.djltricks.examples.data;
