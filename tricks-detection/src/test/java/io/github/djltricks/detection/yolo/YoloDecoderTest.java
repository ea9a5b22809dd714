/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Decoding gathered rows gives the boxes that decoding the whole head gives at those positions. */
class YoloDecoderTest {

    @Test
    void boxesAtEqualsBoxesAtThePositions() {
        YoloNet net = YoloNetTest.small(2);
        YoloDecoder decoder = new YoloDecoder(net);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int head = 0; head < 3; head++) {
                int stride = net.getStrides()[head];
                int gh = 64 / stride;
                int gw = 96 / stride;
                NDArray output = manager.randomNormal(new Shape(2, 3, gh, gw, 7)).mul(3);
                NDArray all = decoder.boxes(head, output);
                int[][] picks = {{0, 0, 0, 0}, {1, 2, gh - 1, gw - 1}, {1, 1, gh / 2, 1}};
                NDArray rows = manager.zeros(new Shape(picks.length, 7));
                float[] cells = new float[picks.length * 5];
                for (int i = 0; i < picks.length; i++) {
                    int[] q = picks[i];
                    rows.set(
                            new NDIndex("{}", i),
                            output.get(new NDIndex("{}, {}, {}, {}", q[0], q[1], q[2], q[3])));
                    cells[5 * i] = q[3];
                    cells[5 * i + 1] = q[2];
                    cells[5 * i + 2] = net.getAnchors()[head][q[1]][0];
                    cells[5 * i + 3] = net.getAnchors()[head][q[1]][1];
                    cells[5 * i + 4] = stride;
                }
                NDArray gathered =
                        decoder.boxesAt(rows, manager.create(cells, new Shape(picks.length, 5)));
                for (int i = 0; i < picks.length; i++) {
                    int[] q = picks[i];
                    float[] expected =
                            all.get(new NDIndex("{}, {}, {}, {}", q[0], q[1], q[2], q[3]))
                                    .toFloatArray();
                    float[] actual = gathered.get(i).toFloatArray();
                    for (int k = 0; k < 4; k++) {
                        assertThat(actual[k]).isCloseTo(expected[k], within(1e-4f));
                    }
                }
            }
        }
    }
}
