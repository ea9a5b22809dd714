/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A student network trained beside a frozen teacher, with named tap points where features of both
 * are read for feature and relation distillation.
 *
 * <p>In training mode the forward returns, each array named so that {@link DistillationLoss} can
 * find it:
 *
 * <ol>
 *   <li>the student's outputs, {@code student/output} (then {@code student/output#1}, ...), first,
 *       so that accuracy evaluators see the student's logits at index 0;
 *   <li>for each tap, the student's feature, passed through its {@link Connector} when the tap has
 *       one: {@code student/<tap>};
 *   <li>the teacher's outputs: {@code teacher/output}, ...;
 *   <li>for each tap, the teacher's feature: {@code teacher/<tap>}.
 * </ol>
 *
 * <p>The teacher runs in inference mode (its batch norm uses and keeps its running statistics,
 * dropout is off), its parameters are frozen at {@link Builder#build()} so the optimizer never
 * updates them, and its outputs are detached from the graph. In inference mode the forward is the
 * student's alone and returns its outputs only; the student, {@link #getStudent()}, can be saved
 * and loaded on its own (for example {@code model.setBlock(block.getStudent()); model.save(...)}).
 *
 * <p>Connectors are created when the block is initialized, once the feature shapes are known, so
 * the whole block's parameters can be loaded only into an initialized block. An already initialized
 * teacher (a trained one) keeps its parameters.
 */
public final class DistillationBlock extends AbstractBlock {

    /** The reserved tap name of both networks' first output, for response and relation terms. */
    public static final String OUTPUT = "output";

    private static final byte VERSION = 1;

    private final Block student;
    private final Block teacher;
    private final List<String> tapNames;
    private final int[][] studentPaths;
    private final int[][] teacherPaths;
    private final boolean[] connected;
    private final Block[] connectors;

    private DistillationBlock(Builder builder) {
        super(VERSION);
        this.student = addChildBlock("student", builder.student);
        this.teacher = addChildBlock("teacher", builder.teacher);
        int n = builder.names.size();
        tapNames = Collections.unmodifiableList(new ArrayList<>(builder.names));
        studentPaths = new int[n][];
        teacherPaths = new int[n][];
        connected = new boolean[n];
        connectors = new Block[n];
        for (int i = 0; i < n; i++) {
            studentPaths[i] = builder.studentPoints.get(i).resolve(student, "student");
            teacherPaths[i] = builder.teacherPoints.get(i).resolve(teacher, "teacher");
            connected[i] = builder.connected.get(i);
        }
        teacher.freezeParameters(true);
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the name the training forward gives to a student array.
     *
     * @param tap a tap name, or {@link #OUTPUT} for the first output
     * @return {@code "student/" + tap}
     */
    public static String studentKey(String tap) {
        return "student/" + tap;
    }

    /**
     * Returns the name the training forward gives to a teacher array.
     *
     * @param tap a tap name, or {@link #OUTPUT} for the first output
     * @return {@code "teacher/" + tap}
     */
    public static String teacherKey(String tap) {
        return "teacher/" + tap;
    }

    /**
     * Returns the student network.
     *
     * @return the student
     */
    public Block getStudent() {
        return student;
    }

    /**
     * Returns the teacher network, frozen.
     *
     * @return the teacher
     */
    public Block getTeacher() {
        return teacher;
    }

    /**
     * Returns the tap names in the order of the training outputs, without {@link #OUTPUT}.
     *
     * @return the tap names
     */
    public List<String> getTapNames() {
        return tapNames;
    }

    /**
     * Returns the connector of a tap, once the block is initialized.
     *
     * @param tap the tap's name
     * @return the connector block, or null if the tap has none or the block is not initialized
     * @throws IllegalArgumentException if no tap has this name
     */
    public Block getConnector(String tap) {
        int i = tapNames.indexOf(tap);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "tap must be one of " + tapNames + ", got '" + tap + "'");
        }
        return connectors[i];
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (!training) {
            return student.forward(parameterStore, inputs, false, params);
        }
        int n = tapNames.size();
        NDArray[] studentFeatures = new NDArray[n];
        NDList studentOut =
                Tapping.forward(
                        parameterStore, student, inputs, true, studentPaths, studentFeatures);
        for (int i = 0; i < n; i++) {
            if (connectors[i] != null) {
                studentFeatures[i] =
                        connectors[i]
                                .forward(parameterStore, new NDList(studentFeatures[i]), true)
                                .head();
            }
        }
        NDArray[] teacherFeatures = new NDArray[n];
        NDList teacherOut =
                Tapping.forward(
                        parameterStore, teacher, inputs, false, teacherPaths, teacherFeatures);

        NDList result = new NDList(2 * (studentOut.size() + n));
        addOutputs(result, studentOut, "student/", false);
        for (int i = 0; i < n; i++) {
            result.add(named(studentFeatures[i], studentKey(tapNames.get(i)), false));
        }
        addOutputs(result, teacherOut, "teacher/", true);
        for (int i = 0; i < n; i++) {
            result.add(named(teacherFeatures[i], teacherKey(tapNames.get(i)), true));
        }
        return result;
    }

    private static void addOutputs(NDList result, NDList outputs, String prefix, boolean detach) {
        for (int k = 0; k < outputs.size(); k++) {
            String name = prefix + OUTPUT + (k == 0 ? "" : "#" + k);
            result.add(named(outputs.get(k), name, detach));
        }
    }

    /** A new array (detached copy or view) carrying the name, leaving the network's own intact. */
    private static NDArray named(NDArray array, String name, boolean detach) {
        NDArray view = detach ? array.stopGradient() : array.reshape(array.getShape());
        view.setName(name);
        return view;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The shapes of the student's outputs, what the block returns in inference mode.
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return student.getOutputShapes(inputShapes);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Initializes the student, the teacher unless it is initialized already, and a connector for
     * every connected tap, after checking that it can reconcile the two feature shapes.
     *
     * @throws IllegalArgumentException if a connected tap's features are not (N, C, H, W) with
     *     equal N, H and W
     */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        student.initialize(manager, dataType, inputShapes);
        if (!teacher.isInitialized()) {
            teacher.initialize(manager, dataType, inputShapes);
        }
        teacher.freezeParameters(true);
        int n = tapNames.size();
        Shape[] studentShapes = new Shape[n];
        Shape[] teacherShapes = new Shape[n];
        Tapping.shapes(student, inputShapes, studentPaths, studentShapes);
        Tapping.shapes(teacher, inputShapes, teacherPaths, teacherShapes);
        for (int i = 0; i < n; i++) {
            if (!connected[i]) {
                continue;
            }
            Connector.checkReconcilable(tapNames.get(i), studentShapes[i], teacherShapes[i]);
            if (connectors[i] == null) {
                int channels = Math.toIntExact(teacherShapes[i].get(1));
                connectors[i] =
                        addChildBlock("connector_" + tapNames.get(i), Connector.convBn(channels));
            }
            connectors[i].initialize(manager, dataType, studentShapes[i]);
        }
    }

    /** Builds a {@link DistillationBlock}. */
    public static final class Builder {

        private Block student;
        private Block teacher;
        private final List<String> names = new ArrayList<>();
        private final List<TapPoint> studentPoints = new ArrayList<>();
        private final List<TapPoint> teacherPoints = new ArrayList<>();
        private final List<Boolean> connected = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the student network (required), the one that is trained.
         *
         * @param student the student
         * @return this builder
         */
        public Builder setStudent(Block student) {
            this.student = student;
            return this;
        }

        /**
         * Sets the teacher network (required); it is frozen by {@link #build()}.
         *
         * @param teacher the teacher, usually trained and initialized
         * @return this builder
         */
        public Builder setTeacher(Block teacher) {
            this.teacher = teacher;
            return this;
        }

        /**
         * Adds a tap whose student feature is used as is (for relation distillation, or features of
         * equal shape).
         *
         * @param name the tap's name, unique and not {@link DistillationBlock#OUTPUT}
         * @param studentPoint the student's {@link TapPoint} path
         * @param teacherPoint the teacher's {@link TapPoint} path
         * @return this builder
         */
        public Builder addTap(String name, String studentPoint, String teacherPoint) {
            return add(name, studentPoint, teacherPoint, false);
        }

        /**
         * Adds a tap whose student feature passes through a learned 1×1 conv + batch norm {@link
         * Connector} to the teacher's channel count (FitNets, Overhaul).
         *
         * @param name the tap's name, unique and not {@link DistillationBlock#OUTPUT}
         * @param studentPoint the student's {@link TapPoint} path
         * @param teacherPoint the teacher's {@link TapPoint} path
         * @return this builder
         */
        public Builder addConnectedTap(String name, String studentPoint, String teacherPoint) {
            return add(name, studentPoint, teacherPoint, true);
        }

        private Builder add(String name, String studentPoint, String teacherPoint, boolean conn) {
            names.add(name);
            studentPoints.add(TapPoint.of(studentPoint));
            teacherPoints.add(TapPoint.of(teacherPoint));
            connected.add(conn);
            return this;
        }

        /**
         * Builds the block, resolving every tap path and freezing the teacher.
         *
         * @return the block
         * @throws IllegalArgumentException if the student or teacher is missing, a tap name is
         *     empty, repeated or reserved, or a tap path does not exist
         */
        public DistillationBlock build() {
            if (student == null || teacher == null) {
                throw new IllegalArgumentException(
                        "student and teacher must both be set, got student="
                                + (student == null ? "null" : "set")
                                + ", teacher="
                                + (teacher == null ? "null" : "set"));
            }
            if (student == teacher) {
                throw new IllegalArgumentException(
                        "student and teacher must be different blocks, got the same instance");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (String name : names) {
                if (name == null || name.isEmpty() || name.contains("/") || OUTPUT.equals(name)) {
                    throw new IllegalArgumentException(
                            "tap name must be non-empty, without '/', and not '"
                                    + OUTPUT
                                    + "', got '"
                                    + name
                                    + "'");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException(
                            "tap names must be unique, got '" + name + "' twice");
                }
            }
            return new DistillationBlock(this);
        }
    }
}
