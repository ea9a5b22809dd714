/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Safe constants for the differentiated path: {@link io.github.djltricks.core.autograd.Scalar}
 * replaces the Java numbers of DJL's {@code x.mul(Number)}, whose memory autograd reads after it is
 * freed.
 */
package io.github.djltricks.core.autograd;
