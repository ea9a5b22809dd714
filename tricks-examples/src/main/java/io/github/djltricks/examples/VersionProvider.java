/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import picocli.CommandLine.IVersionProvider;

/** Reports the version of DJL Tricks from the jar's manifest, for {@code --version}. */
public final class VersionProvider implements IVersionProvider {

    /** {@inheritDoc} */
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"DJL Tricks " + (version == null ? "(development build)" : version)};
    }
}
