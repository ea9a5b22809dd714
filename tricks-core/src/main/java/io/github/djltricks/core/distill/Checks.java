/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.core.distill;

import ai.djl.ndarray.NDArray;

/** Argument checks shared by the distillation losses. */
final class Checks {

    private Checks() {}

    /**
     * Throws unless both arrays have the same shape.
     *
     * @param studentName what the first array is, for the message
     * @param student the student's array
     * @param teacherName what the second array is, for the message
     * @param teacher the teacher's array
     */
    static void sameShape(
            String studentName, NDArray student, String teacherName, NDArray teacher) {
        if (!student.getShape().equals(teacher.getShape())) {
            throw new IllegalArgumentException(
                    studentName
                            + " shape "
                            + student.getShape()
                            + " must equal "
                            + teacherName
                            + " shape "
                            + teacher.getShape());
        }
    }

    /**
     * Throws unless the weight is finite and not negative.
     *
     * @param name the parameter's name
     * @param weight its value
     */
    static void weight(String name, float weight) {
        if (!(weight >= 0) || Float.isInfinite(weight)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + weight);
        }
    }
}
