/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.engine;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The parameter digests of the poisoned-allocation check ({@code .ci/fill-check}): a test that
 * trains with a fixed seed calls {@link #record} with its trained block, and when the system
 * property {@value #DIR} names a folder, the SHA-256 of every parameter's name and bits lands in
 * {@code <folder>/<name>.sha256}. The script runs those tests with the allocator filling new memory
 * with different bytes and fails unless every digest is the same under every byte: a result that
 * depends on memory nobody wrote differs.
 */
public final class FillCheck {

    /** The system property naming the folder for the digests. */
    public static final String DIR = "tricks.fillcheck.dir";

    private FillCheck() {}

    /**
     * Writes the digest of the block's parameters under {@code name}, if {@value #DIR} is set.
     *
     * @param name the file name stem, unique per test case
     * @param block the trained block
     */
    public static void record(String name, Block block) {
        String dir = System.getProperty(DIR);
        if (dir == null || dir.isEmpty()) {
            return;
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            sha.update(p.getKey().getBytes(StandardCharsets.UTF_8));
            ByteBuffer bytes = p.getValue().getArray().toByteBuffer();
            bytes.order(ByteOrder.LITTLE_ENDIAN);
            sha.update(bytes);
        }
        try {
            Path folder = Files.createDirectories(Path.of(dir));
            Files.writeString(
                    folder.resolve(name + ".sha256"),
                    HexFormat.of().formatHex(sha.digest()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
