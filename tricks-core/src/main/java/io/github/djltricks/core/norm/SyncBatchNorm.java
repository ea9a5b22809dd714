/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.norm;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.djltricks.core.autograd.Scalar;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Synchronized batch normalization: batch normalization whose training statistics are those of the
 * whole batch when the batch is split into shards run concurrently by {@link ShardGroup#run} (as
 * {@link SyncTrain} does), per device or as virtual shards on one device.
 *
 * <p>Each shard i holds n<sub>i</sub> values x per channel. The statistics are computed in two
 * passes over the whole batch, as BatchNorm's own CPU kernel does: the shards exchange their sums,
 * then their sums of squared deviations from the common mean, and each shard combines them:
 *
 * <pre>
 *   N = Σ n_i,   μ = (Σ_i Σ x) / N,   σ² = (Σ_i Σ (x − μ)²) / N
 *   y = γ (x − μ) / √(σ² + ε) + β
 * </pre>
 *
 * The gradient flows through μ and σ² into every shard's input, so one backward of the combined
 * loss gives the gradient of batch normalization over the concatenated batch. Running statistics
 * follow DJL's convention, where momentum is the share of the old value kept: {@code runningMean =
 * m · runningMean + (1 − m) · μ} and {@code runningVar = m · runningVar + (1 − m) · σ² N/(N−1)}.
 *
 * <p>Outside a sharded step, with a single shard, and in inference this layer computes exactly what
 * {@link BatchNorm} computes (inference uses the running statistics). The options and the parameter
 * names ({@code gamma}, {@code beta}, {@code runningMean}, {@code runningVar}) are BatchNorm's, so
 * weights move between the two; see {@link BatchNormConverter}.
 *
 * <p>With {@link Builder#optSynchronized} off, each shard is normalised with its own statistics
 * (BatchNorm on the shard alone), and only the first shard on each device updates the running
 * statistics: the unsynchronised baseline, deterministic where plain BatchNorm layers in concurrent
 * shards all write the same running statistics at once.
 *
 * <p>Reference: Zhang et al., <i>Bag of Freebies for Training Object Detection Neural Networks</i>,
 * 2019 (arXiv 1902.04103), section 3.5; Peng et al., <i>MegDet</i>, 2018 (arXiv 1711.07240).
 */
public class SyncBatchNorm extends AbstractBlock {

    private static final byte VERSION = 2;

    private final int axis;
    private final float epsilon;
    private final float momentum;
    private final boolean center;
    private final boolean scale;
    private final boolean synchronize;
    private long inChannels;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    SyncBatchNorm(Builder builder) {
        super(VERSION);
        axis = builder.axis;
        epsilon = builder.epsilon;
        momentum = builder.momentum;
        center = builder.center;
        scale = builder.scale;
        synchronize = builder.synchronize;
        gamma = addParameter("gamma", Parameter.Type.GAMMA, scale);
        beta = addParameter("beta", Parameter.Type.BETA, center);
        runningMean = addParameter("runningMean", Parameter.Type.RUNNING_MEAN, false);
        runningVar = addParameter("runningVar", Parameter.Type.RUNNING_VAR, false);
    }

    private Parameter addParameter(String name, Parameter.Type type, boolean requiresGrad) {
        return addParameter(
                Parameter.builder()
                        .setName(name)
                        .setType(type)
                        .optRequiresGrad(requiresGrad)
                        .build());
    }

    /**
     * Creates a builder with BatchNorm's defaults: axis 1, epsilon 1e-5, momentum 0.9, center and
     * scale on.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the channel axis.
     *
     * @return the axis whose entries are normalized separately
     */
    public int getAxis() {
        return axis;
    }

    /**
     * Returns ε, added to the variance before the square root.
     *
     * @return epsilon
     */
    public float getEpsilon() {
        return epsilon;
    }

    /**
     * Returns the momentum, the share of the old running statistic kept at each update (DJL's
     * convention; PyTorch's momentum is 1 minus this).
     *
     * @return the momentum
     */
    public float getMomentum() {
        return momentum;
    }

    /**
     * Returns whether β is added and trained.
     *
     * @return true if centered
     */
    public boolean isCenter() {
        return center;
    }

    /**
     * Returns whether γ multiplies the result and is trained.
     *
     * @return true if scaled
     */
    public boolean isScale() {
        return scale;
    }

    /**
     * Returns whether the shards share their statistics (the default), or each shard normalises
     * with its own, as k devices without synchronisation do.
     *
     * @return true when synchronised
     */
    public boolean isSynchronized() {
        return synchronize;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Arrays arrays =
                new Arrays(
                        parameterStore.getValue(gamma, input.getDevice(), training),
                        parameterStore.getValue(beta, input.getDevice(), training),
                        parameterStore.getValue(runningMean, input.getDevice(), training),
                        parameterStore.getValue(runningVar, input.getDevice(), training));
        ShardGroup.Shard shard = ShardGroup.current();
        if (!training || shard == null || shard.group().size() == 1) {
            return BatchNorm.batchNorm(
                    input,
                    arrays.mean(),
                    arrays.var(),
                    arrays.gamma(),
                    arrays.beta(),
                    axis,
                    momentum,
                    epsilon,
                    training);
        }
        if (!synchronize) {
            return perShardNorm(shard, input, arrays);
        }
        return new NDList(synchronizedNorm(shard, input, arrays));
    }

    /**
     * BatchNorm on the shard alone. Only the first shard on each device updates that device's
     * running statistics, as PyTorch's DataParallel keeps its first replica's and
     * DistributedDataParallel broadcasts rank 0's; the others update copies that are dropped, so
     * the shards never write the same arrays at once.
     */
    private NDList perShardNorm(ShardGroup.Shard shard, NDArray input, Arrays arrays) {
        NDArray meanArr = arrays.mean();
        NDArray varArr = arrays.var();
        List<Part> devices = shard.allGather(this, new Part(0, meanArr));
        NDArray mean = meanArr;
        NDArray var = varArr;
        if (!updatesRunningStats(shard, devices, input)) {
            mean = meanArr.duplicate();
            mean.attach(input.getManager());
            var = varArr.duplicate();
            var.attach(input.getManager());
        }
        return BatchNorm.batchNorm(
                input, mean, var, arrays.gamma(), arrays.beta(), axis, momentum, epsilon, true);
    }

    private NDArray synchronizedNorm(ShardGroup.Shard shard, NDArray input, Arrays arrays) {
        int dims = input.getShape().dimension();
        int channelAxis = axis < 0 ? axis + dims : axis;
        if (channelAxis < 0 || channelAxis >= dims) {
            throw new IllegalArgumentException(
                    "axis " + axis + " is outside the input's " + dims + " dimensions");
        }
        int[] reduce = new int[dims - 1];
        long[] broadcast = new long[dims];
        for (int d = 0, r = 0; d < dims; d++) {
            broadcast[d] = d == channelAxis ? input.getShape().get(d) : 1;
            if (d != channelAxis) {
                reduce[r++] = d;
            }
        }
        long count = input.size() / input.getShape().get(channelAxis);

        // Two passes over the whole batch, as BatchNorm's CPU kernel does: first the mean from
        // every shard's sum, then the variance from every shard's sum of squared deviations from
        // that mean. Each shard combines the gathered sums itself (the same ops in the same order,
        // so the same values) rather than waiting for one shard to hand the result out. The
        // gradient flows through both sums into every shard's input.
        // Constants on the differentiated path are engine-owned (Scalar): DJL's x.mul(Number)
        // wraps a Java buffer that autograd keeps past its release.
        List<Part> sums = shard.allGather(this, new Part(count, input.sum(reduce, true)));
        long total = 0;
        for (Part part : sums) {
            total += part.count();
        }
        NDArray inverseTotal = Scalar.like(input, 1.0 / total);
        NDArray mean = gathered(sums, input).mul(inverseTotal);
        NDArray centered = input.sub(mean);
        List<Part> squares =
                shard.allGather(this, new Part(count, centered.square().sum(reduce, true)));
        NDArray var = gathered(squares, input).mul(inverseTotal);

        NDManager manager = input.getManager();
        Shape shape = new Shape(broadcast);
        NDArray gammaB = arrays.gamma().reshape(shape);
        gammaB.attach(manager);
        NDArray betaB = arrays.beta().reshape(shape);
        betaB.attach(manager);
        NDArray factor = gammaB.div(var.add(Scalar.like(input, epsilon)).sqrt());

        if (updatesRunningStats(shard, sums, input)) {
            float keep = momentum;
            NDArray newMean = mean.stopGradient().reshape(arrays.mean().getShape());
            NDArray newVar =
                    var.stopGradient()
                            .reshape(arrays.var().getShape())
                            .mul((1 - keep) * (double) total / Math.max(1, total - 1));
            arrays.mean().muli(keep).addi(newMean.mul(1 - keep));
            arrays.var().muli(keep).addi(newVar);
        }
        return centered.mul(factor).add(betaB);
    }

    /** Σ over the shards of their parts, in shard order, on {@code like}'s device. */
    private static NDArray gathered(List<Part> parts, NDArray like) {
        NDArray sum = null;
        for (Part part : parts) {
            NDArray value = part.value().toDevice(like.getDevice(), false);
            sum = sum == null ? value : sum.add(value);
        }
        return sum;
    }

    /** The first shard on each device updates that device's running statistics. */
    private static boolean updatesRunningStats(
            ShardGroup.Shard shard, List<Part> all, NDArray input) {
        for (int i = 0; i < shard.index(); i++) {
            if (all.get(i).value().getDevice().equals(input.getDevice())) {
                return false;
            }
        }
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        int dims = inputShapes[0].dimension();
        inChannels = inputShapes[0].size(axis < 0 ? axis + dims : axis);
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Shape[] inputShapes) {
        gamma.setShape(new Shape(inChannels));
        beta.setShape(new Shape(inChannels));
        runningMean.setShape(new Shape(inChannels));
        runningVar.setShape(new Shape(inChannels));
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(inChannels);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("Unsupported encoding version: " + loadVersion);
        }
        inChannels = is.readLong();
    }

    /** The layer's four arrays on the input's device: γ, β and the running statistics. */
    private record Arrays(NDArray gamma, NDArray beta, NDArray mean, NDArray var) {}

    /** One shard's contribution to a statistic: its values per channel and their sum. */
    private record Part(long count, NDArray value) {}

    /**
     * Builds a {@link SyncBatchNorm}; the options and defaults are {@link BatchNorm}'s.
     *
     * <p>{@code axis} 1, {@code epsilon} 1e-5, {@code momentum} 0.9 (share of the old running value
     * kept), {@code center} and {@code scale} true.
     */
    public static final class Builder {
        private int axis = 1;
        private float epsilon = 1e-5f;
        private float momentum = 0.9f;
        private boolean center = true;
        private boolean scale = true;
        private boolean synchronize = true;

        private Builder() {}

        /**
         * Sets whether the shards share their statistics (default true). Off, each shard is
         * normalised with its own statistics, as k devices without synchronisation do, and only the
         * first shard on each device updates the running statistics: the baseline that
         * synchronisation is measured against, deterministic where BatchNorm in concurrent shards
         * is not (they would all update the same running statistics at once).
         *
         * @param synchronize whether to synchronise
         * @return this builder
         */
        public Builder optSynchronized(boolean synchronize) {
            this.synchronize = synchronize;
            return this;
        }

        /**
         * Sets the channel axis (default 1; negative counts from the end).
         *
         * @param axis the channel axis
         * @return this builder
         */
        public Builder optAxis(int axis) {
            this.axis = axis;
            return this;
        }

        /**
         * Sets ε, added to the variance before the square root (default 1e-5).
         *
         * @param epsilon a positive number
         * @return this builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Sets the momentum: the share of the old running statistic kept at each update (default
         * 0.9, DJL's convention).
         *
         * @param momentum a number in [0, 1]
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Sets whether β is added and trained (default true).
         *
         * @param center whether to center
         * @return this builder
         */
        public Builder optCenter(boolean center) {
            this.center = center;
            return this;
        }

        /**
         * Sets whether γ multiplies the result and is trained (default true).
         *
         * @param scale whether to scale
         * @return this builder
         */
        public Builder optScale(boolean scale) {
            this.scale = scale;
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return a new {@link SyncBatchNorm}
         * @throws IllegalArgumentException if epsilon is not positive and finite or momentum is
         *     outside [0, 1]
         */
        public SyncBatchNorm build() {
            if (!(epsilon > 0) || Float.isInfinite(epsilon)) {
                throw new IllegalArgumentException(
                        "epsilon must be positive and finite, got " + epsilon);
            }
            if (!(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
            }
            return new SyncBatchNorm(this);
        }
    }
}
