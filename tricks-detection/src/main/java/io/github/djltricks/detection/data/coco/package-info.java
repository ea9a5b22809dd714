/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/** Reading detection data in the COCO format: one instances JSON file plus a folder of images. */
package io.github.djltricks.detection.data.coco;
