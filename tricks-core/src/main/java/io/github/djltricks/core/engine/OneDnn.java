/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.engine;

import ai.djl.engine.Engine;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The switch of libtorch's oneDNN (MKL-DNN) backend, {@code torch.backends.mkldnn.enabled} in
 * Python, which DJL 0.35.1 does not expose.
 *
 * <p><b>Why turn it off.</b> On DJL 0.35.1 / libtorch 2.7.1 (oneDNN 3.7.1), training a convolution
 * whose channel count is not a multiple of the CPU's oneDNN block (16 floats with AVX-512, 8 with
 * AVX2) reads memory it never wrote: the channels are padded up to the block in oneDNN's blocked
 * layout ({@code aBcd16b}), and the backward kernels multiply padding that was never zeroed by
 * zero. The result depends on what the allocator last held: NaN weights on some machines, silently
 * different weights on others. Channel counts of 16, 32, … are clean, as is libtorch's own
 * convolution ({@code slow_conv2d}: im2col and a matrix product), which {@code setEnabled(false)}
 * selects for every float32 convolution. Python's torch 1.13 (oneDNN 2.6) does not show the bug.
 *
 * <p>Measured on a 2-core AMD EPYC with AVX-512 (DJL's two-convolution reproduction, 47 examples in
 * batches of 10, 4 epochs): with 8 filters the first weight was NaN without an allocation shim, NaN
 * under a 0xFF fill and −0.4087 under a 0x00 fill; with oneDNN off it was −0.40485150 under every
 * fill byte. With 16 filters both back ends gave −0.37001351 under every fill.
 *
 * <p>Call {@code OneDnn.setEnabled(false)} once, before training. The switch is process-wide, it
 * affects every model of the PyTorch engine, and it is read when each convolution runs. How the
 * other back end compares in speed depends on the network: see the project README's known issues.
 *
 * <p>The switch is libtorch's {@code at::Context::setUserEnabledMkldnn(bool)}, called through JNA
 * (which {@code ai.djl:api} already brings) on the {@code libtorch_cpu} library the engine loaded.
 */
public final class OneDnn {

    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String IS_ENABLED = "_ZNK2at7Context17userEnabledMkldnnEv";
    private static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";

    private static NativeLibrary library;

    private OneDnn() {}

    /**
     * Turns libtorch's oneDNN back end on or off for the whole process; loads the PyTorch engine if
     * it is not loaded yet. NNPACK, the other fast convolution back end libtorch tries when oneDNN
     * is off, is switched with it: it does not initialise on CPUs it does not know (such as AMD
     * EPYC) and only prints a warning per thread before falling back to libtorch's own kernels.
     *
     * @param enabled false to run convolutions on libtorch's own kernels
     * @throws UnsupportedOperationException if the PyTorch engine is not available or its native
     *     library cannot be found (it is looked up among the libraries this process mapped, which
     *     needs Linux's {@code /proc/self/maps})
     */
    public static synchronized void setEnabled(boolean enabled) {
        NativeLibrary torch = torchCpu();
        Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
        torch.getFunction(SET_ENABLED).invokeVoid(new Object[] {context, enabled});
        torch.getFunction(SET_NNPACK).invokeVoid(new Object[] {context, enabled});
        if (isEnabled(torch, context) != enabled) {
            throw new IllegalStateException(
                    "libtorch did not take oneDNN enabled = " + enabled + " (no oneDNN build?)");
        }
    }

    /**
     * Returns whether libtorch's oneDNN back end is on (it is by default).
     *
     * @return the switch's state
     * @throws UnsupportedOperationException as {@link #setEnabled(boolean)}
     */
    public static synchronized boolean isEnabled() {
        NativeLibrary torch = torchCpu();
        return isEnabled(torch, torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]));
    }

    private static boolean isEnabled(NativeLibrary torch, Pointer context) {
        Function get = torch.getFunction(IS_ENABLED);
        // a C++ bool comes back in the low byte of the return register
        return (get.invokeInt(new Object[] {context}) & 0xFF) != 0;
    }

    private static NativeLibrary torchCpu() {
        if (library == null) {
            library = findTorchCpu();
        }
        return library;
    }

    private static NativeLibrary findTorchCpu() {
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (IllegalArgumentException e) {
            throw new UnsupportedOperationException(
                    "the PyTorch engine is not on the classpath; oneDNN is its switch", e);
        }
        engine.getVersion(); // the natives are loaded once the engine exists
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            throw new UnsupportedOperationException(
                    "cannot find libtorch_cpu: " + maps + " is not readable on this system");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(maps);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + maps, e);
        }
        for (String line : lines) {
            int slash = line.indexOf('/');
            if (slash >= 0 && line.endsWith("/libtorch_cpu.so")) {
                return NativeLibrary.getInstance(line.substring(slash));
            }
        }
        throw new UnsupportedOperationException(
                "the PyTorch engine (" + engine.getVersion() + ") mapped no libtorch_cpu.so");
    }
}
