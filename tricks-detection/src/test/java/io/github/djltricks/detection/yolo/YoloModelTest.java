/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save and load with DJL's Model, and predict through a Predictor. */
class YoloModelTest {

    static final float[][][] ANCHORS = {{{12, 12}, {20, 16}}, {{16, 24}, {28, 28}}};

    static YoloNet net() {
        return YoloNet.builder()
                .setNumClasses(2)
                .setAnchors(ANCHORS)
                .optStrides(8, 16)
                .optWidth(0.25f)
                .build();
    }

    @TempDir Path dir;

    @Test
    void savedAndLoadedModelPredictsTheSame() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = manager.randomUniform(0, 1, new Shape(2, 3, 32, 48));
            float[][] before;
            try (Model model = Model.newInstance("yolo")) {
                YoloNet net = net();
                net.setInitializer(new NormalInitializer(0.1f), Parameter.Type.WEIGHT);
                model.setBlock(net);
                net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 3, 32, 48));
                before = outputs(net, model.getNDManager(), input);
                model.save(dir, "yolo");
            }
            try (Model model = Model.newInstance("yolo")) {
                YoloNet net = net();
                model.setBlock(net);
                model.load(dir, "yolo");
                float[][] after = outputs(net, model.getNDManager(), input);
                assertThat(after.length).isEqualTo(before.length);
                for (int h = 0; h < before.length; h++) {
                    assertThat(after[h]).containsExactly(before[h]);
                }
            }
        }
    }

    private static float[][] outputs(YoloNet net, NDManager manager, NDArray input) {
        NDList out = net.forward(new ParameterStore(manager, false), new NDList(input), false);
        float[][] values = new float[out.size()][];
        for (int h = 0; h < out.size(); h++) {
            values[h] = out.get(h).toFloatArray();
        }
        return values;
    }

    @Test
    void predictorReturnsRelativeBoxesInsideTheImage() throws Exception {
        try (Model model = Model.newInstance("yolo");
                NDManager manager = NDManager.newBaseManager()) {
            YoloNet net = net();
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Image image =
                    ImageFactory.getInstance()
                            .fromNDArray(
                                    manager.randomInteger(
                                            0, 255, new Shape(40, 56, 3), DataType.UINT8));
            YoloTranslator translator =
                    YoloTranslator.builder(net)
                            .setClasses(List.of("a", "b"))
                            .setSize(32, 32)
                            .optScoreThreshold(0f)
                            .build();
            try (Predictor<Image, DetectedObjects> predictor = model.newPredictor(translator)) {
                DetectedObjects objects = predictor.predict(image);
                assertThat(objects.getNumberOfObjects()).isBetween(1, 100);
                for (int i = 0; i < objects.getNumberOfObjects(); i++) {
                    DetectedObjects.DetectedObject o = objects.item(i);
                    assertThat(o.getClassName()).isIn("a", "b");
                    var r = o.getBoundingBox().getBounds();
                    assertThat(r.getX()).isBetween(0.0, 1.0);
                    assertThat(r.getY()).isBetween(0.0, 1.0);
                    assertThat(r.getX() + r.getWidth()).isBetween(0.0, 1.0 + 1e-9);
                    assertThat(r.getY() + r.getHeight()).isBetween(0.0, 1.0 + 1e-9);
                }
            }
        }
        assertThatThrownBy(
                        () ->
                                YoloTranslator.builder(net())
                                        .setClasses(List.of("a"))
                                        .setSize(32, 32)
                                        .build())
                .hasMessageContaining("2 classes");
        assertThatThrownBy(
                        () ->
                                YoloTranslator.builder(net())
                                        .setClasses(List.of("a", "b"))
                                        .setSize(30, 32)
                                        .build())
                .hasMessageContaining("30x32");
    }
}
