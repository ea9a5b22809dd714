/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the golden vectors that {@code src/test/python/*.py} wrote with torchvision 0.14. */
public final class Golden {

    private Golden() {}

    /**
     * Loads {@code /golden/<name>.json} from the test class path.
     *
     * @param name the file name without extension
     * @return its root object
     */
    public static JsonObject load(String name) {
        String path = "/golden/" + name + ".json";
        try (InputStream in = Golden.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Flattens a nested JSON array of numbers, row-major.
     *
     * @param element a number or nested arrays of numbers
     * @return the numbers as doubles
     */
    public static double[] doubles(JsonElement element) {
        List<Double> out = new ArrayList<>();
        flatten(element, out);
        double[] result = new double[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }

    /**
     * Flattens a nested JSON array of numbers into float32 values (the golden numbers are exact
     * float32 values written as doubles).
     *
     * @param element a number or nested arrays of numbers
     * @return the numbers as floats
     */
    public static float[] floats(JsonElement element) {
        double[] d = doubles(element);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /**
     * Flattens a nested JSON array of integers.
     *
     * @param element a number or nested arrays of integers
     * @return the numbers as longs
     */
    public static long[] longs(JsonElement element) {
        double[] d = doubles(element);
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            l[i] = (long) d[i];
        }
        return l;
    }

    private static void flatten(JsonElement element, List<Double> out) {
        if (element.isJsonArray()) {
            JsonArray array = element.getAsJsonArray();
            for (JsonElement e : array) {
                flatten(e, out);
            }
        } else {
            out.add(element.getAsDouble());
        }
    }
}
