/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import io.github.djltricks.detection.data.DetectionSample;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A sequence of {@link DetectionTransform}s applied in order, all drawing from the one generator
 * passed to {@link #apply}. A {@link RandomExpand} directly followed by a {@link RandomCrop} is
 * computed as one step that never builds the expanded canvas; the result is identical.
 */
public final class AugmentationPipeline implements DetectionTransform {

    private final List<DetectionTransform> transforms;

    private AugmentationPipeline(List<DetectionTransform> transforms) {
        this.transforms = List.copyOf(transforms);
    }

    /**
     * Returns a pipeline of the given transforms, applied in order.
     *
     * @param transforms the transforms
     * @return the pipeline
     * @throws IllegalArgumentException if a transform is {@code null}
     */
    public static AugmentationPipeline of(DetectionTransform... transforms) {
        List<DetectionTransform> list = new ArrayList<>();
        for (int i = 0; i < transforms.length; i++) {
            if (transforms[i] == null) {
                throw new IllegalArgumentException("transforms[" + i + "] must not be null");
            }
            list.add(transforms[i]);
        }
        return new AugmentationPipeline(list);
    }

    /**
     * Returns the training augmentation of GluonCV's YOLOv3 and SSD recipes, which the Bag of
     * Freebies paper (arXiv 1902.04103, section 3.2) uses: {@link ColorDistortion}, {@link
     * RandomExpand} (ratio up to 4, probability 0.5), {@link RandomCrop} (SSD IoU constraints) and
     * {@link RandomFlip}, all with their defaults. Resizing to the training shape is left to the
     * caller (a fixed {@link Resize} or random-shape training).
     *
     * @return the pipeline
     */
    public static AugmentationPipeline bagOfFreebies() {
        return of(
                ColorDistortion.builder().build(),
                RandomExpand.builder().build(),
                RandomCrop.builder().build(),
                RandomFlip.builder().build());
    }

    /**
     * Returns the transforms in order.
     *
     * @return the transforms
     */
    public List<DetectionTransform> transforms() {
        return transforms;
    }

    /** {@inheritDoc} */
    @Override
    public DetectionSample apply(DetectionSample sample, UniformRandomProvider rng) {
        DetectionSample out = sample;
        for (int i = 0; i < transforms.size(); i++) {
            DetectionTransform t = transforms.get(i);
            if (t instanceof RandomExpand expand
                    && i + 1 < transforms.size()
                    && transforms.get(i + 1) instanceof RandomCrop crop) {
                out = ExpandThenCrop.apply(expand, crop, out, rng);
                i++;
            } else {
                out = t.apply(out, rng);
            }
        }
        return out;
    }
}
