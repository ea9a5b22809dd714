/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.box;

/** How the four numbers of a box are laid out in the last axis of an array. */
public enum BoxFormat {
    /** Corners: (x1, y1, x2, y2), the top-left and the bottom-right corner. */
    XYXY,
    /** Top-left corner and size: (x1, y1, w, h), as in COCO annotations. */
    XYWH,
    /** Centre and size: (cx, cy, w, h), as YOLO and anchor encodings use. */
    CXCYWH
}
