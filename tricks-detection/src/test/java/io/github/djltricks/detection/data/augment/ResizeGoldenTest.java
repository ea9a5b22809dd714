/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djltricks.detection.data.DetectionSample;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Resize} against torch's bilinear interpolation (align_corners=False). */
class ResizeGoldenTest {

    @Test
    void matchesTorchBilinear() throws Exception {
        JsonObject root;
        try (Reader r =
                new InputStreamReader(
                        getClass().getResourceAsStream("/golden/bilinear_resize.json"),
                        StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r).getAsJsonObject();
        }
        JsonArray cases = root.getAsJsonArray("cases");
        assertThat(cases).hasSize(4);
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject();
            int ch = c.get("channels").getAsInt();
            int h = c.get("height").getAsInt();
            int w = c.get("width").getAsInt();
            int oh = c.get("outHeight").getAsInt();
            int ow = c.get("outWidth").getAsInt();
            float[] in = floats(c.getAsJsonArray("input"));
            float[] want = floats(c.getAsJsonArray("output"));
            DetectionSample s =
                    new DetectionSample(in, ch, h, w, new float[0][], new int[0], new float[0]);
            float[] got = Resize.resize(s, oh, ow).image();
            assertThat(got).hasSize(want.length);
            for (int i = 0; i < want.length; i++) {
                // float32 arithmetic on values up to 255
                assertThat(got[i])
                        .as("case %dx%d->%dx%d at %d", h, w, oh, ow, i)
                        .isCloseTo(want[i], org.assertj.core.data.Offset.offset(2e-4f));
            }
        }
    }

    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }
}
