/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.engine;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Turns libtorch's oneDNN back end off before any test of a JVM runs, as the README tells users to
 * do: with it on, convolution training reads memory it never wrote (see {@link OneDnn}). Registered
 * through {@code META-INF/services}; the other modules get it from tricks-core's test-jar.
 */
public final class OneDnnOffSession implements LauncherSessionListener {

    /** {@inheritDoc} */
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        OneDnn.setEnabled(false);
    }
}
