/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Platform;
import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch engine loads offline from the native jars on the test classpath and computes, and the
 * cache folder holds only what was extracted from those jars.
 */
class EngineOfflineTest {

    @Test
    void engineIsPyTorchAndOffline() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        Engine engine = Engine.getInstance();
        assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        assertThat(engine.getVersion()).isEqualTo("2.7.1");
    }

    @Test
    void matmulHasKnownResult() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray b = manager.create(new float[] {7, 8, 9, 10, 11, 12}, new Shape(3, 2));
            NDArray c = a.matMul(b);
            assertThat(c.getShape()).isEqualTo(new Shape(2, 2));
            assertThat(c.toFloatArray()).containsExactly(58f, 64f, 139f, 154f);
        }
    }

    @Test
    void nativesComeFromTheClasspathNotADownload() throws IOException {
        Engine.getInstance(); // make sure the natives are in place
        // The natives jar is on the classpath: DJL takes its libraries from there. A placeholder
        // platform is what DJL sees when it has to download them.
        Platform platform = Platform.detectPlatform("pytorch");
        assertThat(platform.isPlaceholder()).isFalse();
        assertThat(platform.getFlavor()).isEqualTo("cpu");

        Path cache = Paths.get(System.getProperty("ENGINE_CACHE_DIR"));
        assertThat(Utils.getEngineCacheDir()).isEqualTo(cache);
        Path pytorch = cache.resolve("pytorch");
        List<Path> folders;
        try (Stream<Path> list = Files.list(pytorch)) {
            folders = list.collect(Collectors.toList());
        }
        String expected = platform.getVersion() + "-cpu-" + platform.getClassifier();
        assertThat(folders).extracting(p -> p.getFileName().toString()).containsExactly(expected);

        // Exactly the libraries the natives jar lists, plus the JNI library from the jni jar.
        Set<String> allowed = new HashSet<>(List.of(platform.getLibraries()));
        allowed.add("0.35.1-" + System.mapLibraryName("djl_torch"));
        Set<String> present;
        try (Stream<Path> list = Files.list(folders.get(0))) {
            present = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertThat(present).isEqualTo(allowed);
    }
}
