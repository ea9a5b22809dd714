/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every numeric option of every command of {@link Main}, found through picocli's {@code
 * CommandSpec} so that a new option is covered without touching this test: it has a range in {@link
 * OptionRanges} that its {@code --help} states, and each of 0, −1, NaN, infinity, huge values, a
 * value off the step and a non-number that the range does not allow fails before any work, with a
 * one-line error naming the option, a non-zero exit and no stack trace.
 *
 * <p>The data folder is a plain file and every other path points into a folder that must not
 * appear, so that a value let through fails on reading data (without naming the option) instead of
 * training, and any output written shows.
 */
class NumericOptionsTest {

    @TempDir static Path dir;

    /** The values tried on every numeric option; those its range allows are left out. */
    private static final List<String> VALUES =
            List.of(
                    "0",
                    "-1",
                    "NaN",
                    "Infinity",
                    "1e39",
                    "1000",
                    "2147483647",
                    "99999999999",
                    "abc");

    /** Values of required options that are not numbers. */
    private static final Map<String, String> REQUIRED_TEXT = Map.of("--config", "{}");

    /**
     * A numeric option of a command.
     *
     * @param command the command's name
     * @param spec the option
     * @param type the type of one value
     */
    record NumericOption(String command, OptionSpec spec, Class<?> type) {

        String name() {
            return spec.longestName();
        }

        boolean integral() {
            return isIntegral(type);
        }

        OptionRanges.Range range() {
            return OptionRanges.forOption(name(), integral());
        }

        /** Whether the option's range allows a value, parsed as picocli parses it. */
        boolean allows(String value) {
            double parsed;
            try {
                if (type == int.class || type == Integer.class) {
                    parsed = Integer.parseInt(value);
                } else if (type == long.class || type == Long.class) {
                    parsed = Long.parseLong(value);
                } else if (type == float.class || type == Float.class) {
                    parsed = Float.parseFloat(value);
                } else if (type == double.class || type == Double.class) {
                    parsed = Double.parseDouble(value);
                } else {
                    throw new AssertionError(command + " " + name() + ": unknown type " + type);
                }
            } catch (NumberFormatException e) {
                return false;
            }
            return range().contains(parsed);
        }

        /** The argument that gives every value of the option as {@code value}. */
        String argument(String value) {
            return spec.isMultiValue() ? value + "," + value : value;
        }

        @Override
        public String toString() {
            return command + " " + name();
        }
    }

    static List<NumericOption> numericOptions() {
        List<NumericOption> all = new ArrayList<>();
        for (Map.Entry<String, CommandLine> command :
                Main.commandLine().getSubcommands().entrySet()) {
            for (OptionSpec option : command.getValue().getCommandSpec().options()) {
                Class<?> type = valueType(option.type(), option.auxiliaryTypes());
                if (isIntegral(type) || isReal(type)) {
                    all.add(new NumericOption(command.getKey(), option, type));
                }
            }
        }
        return all;
    }

    private static Class<?> valueType(Class<?> type, Class<?>[] auxiliary) {
        if (type.isArray()) {
            return type.getComponentType();
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return auxiliary[0];
        }
        return type;
    }

    private static boolean isIntegral(Class<?> t) {
        return t == int.class
                || t == long.class
                || t == short.class
                || t == byte.class
                || t == Integer.class
                || t == Long.class
                || t == Short.class
                || t == Byte.class
                || t == BigInteger.class;
    }

    private static boolean isReal(Class<?> t) {
        return t == float.class
                || t == double.class
                || t == Float.class
                || t == Double.class
                || t == BigDecimal.class;
    }

    @Test
    void everyNumericOptionHasARangeItsHelpStates() {
        List<NumericOption> options = numericOptions();
        assertThat(options).hasSizeGreaterThan(50);
        Set<OptionRanges.Range> used = new HashSet<>();
        for (NumericOption option : options) {
            OptionRanges.Range range = option.range();
            assertThat(range).as("range of %s in OptionRanges", option).isNotNull();
            used.add(range);
            String description = String.join(" ", option.spec().description());
            assertThat(description).as("--help of %s", option).contains(range.text());
            String help =
                    Main.commandLine()
                            .getSubcommands()
                            .get(option.command())
                            .getUsageMessage(CommandLine.Help.Ansi.OFF)
                            .replaceAll("\\s+", " ");
            assertThat(help).as("--help of %s", option.command()).contains(range.text());
            // a negative, NaN, a non-number and a huge value (an integer beyond the range, a
            // real beyond the float range) never pass
            String huge = option.integral() ? "2147483647" : "1e39";
            for (String bad : List.of("-1", "NaN", "abc", huge)) {
                assertThat(option.allows(bad)).as("%s allows %s", option, bad).isFalse();
            }
        }
        // no range is left over, and each names only options that have it
        assertThat(used).containsExactlyInAnyOrderElementsOf(OptionRanges.ALL);
        for (OptionRanges.Range range : OptionRanges.ALL) {
            for (String name : range.options()) {
                assertThat(options)
                        .as("%s of %s", name, range)
                        .anyMatch(o -> o.name().equals(name) && o.integral() == range.integral());
            }
        }
    }

    @Test
    void noCommandHasANumericPositionalParameter() {
        for (Map.Entry<String, CommandLine> command :
                Main.commandLine().getSubcommands().entrySet()) {
            for (PositionalParamSpec p :
                    command.getValue().getCommandSpec().positionalParameters()) {
                Class<?> type = valueType(p.type(), p.auxiliaryTypes());
                assertThat(isIntegral(type) || isReal(type))
                        .as("%s %s: numeric positional parameters need a range", command, p)
                        .isFalse();
            }
        }
    }

    @Test
    void theRowsRangeAndHelpFollowTheRowListsOfBofDetection() {
        int rows = BofDetectionCommand.ROWS.size() + 1;
        assertThat(OptionRanges.ROWS.text()).isEqualTo("in [1, " + rows + "]");
        OptionRanges.ROWS.check("--rows", rows);
        assertThatThrownBy(() -> OptionRanges.ROWS.check("--rows", rows + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rows must be in [1, " + rows + "], got " + (rows + 1));
        String help = CommandRun.help("bof-detection");
        for (AblationRow row : BofDetectionCommand.ROWS) {
            assertThat(help).as("the help names %s", row.name()).contains('"' + row.name() + '"');
        }
        assertThat(help)
                .contains(
                        "--rows "
                                + rows
                                + " adds \"+ standard augmentation\", \"+ GIoU\" and \"+ focal\".")
                .contains("(default: " + BofDetectionCommand.FULL_ROWS + ", the baseline")
                .contains("Full form: 3 seeds x " + BofDetectionCommand.FULL_ROWS + " rows");
        assertThat(BofDetectionCommand.FULL_ROWS)
                .isEqualTo(rows - BofDetectionCommand.EXTRA_ROWS.size());
    }

    @Test
    void rangesSayWhatTheyAllowAndMessagesNameOptionValueAndRange() {
        assertThat(OptionRanges.SEEDS.text()).isEqualTo("in [1, 100]");
        assertThat(OptionRanges.SIZE.text()).isEqualTo("a multiple of 32 in [64, 1024]");
        assertThat(OptionRanges.LEARNING_RATE.text()).isEqualTo("finite and > 0");
        assertThat(OptionRanges.FACTOR.text()).isEqualTo("in (0, 1]");
        assertThat(OptionRanges.SIZE.contains(96)).isTrue();
        assertThat(OptionRanges.SIZE.contains(100)).isFalse();
        assertThat(OptionRanges.FACTOR.contains(0)).isFalse();
        assertThat(OptionRanges.FACTOR.contains(1)).isTrue();
        assertThatThrownBy(() -> OptionRanges.WORKERS.check("--workers", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--workers must be in [1, 64], got 0");
        assertThatThrownBy(() -> OptionRanges.LEARNING_RATE.check("--lr", Float.NaN))
                .hasMessage("--lr must be finite and > 0, got NaN");
    }

    static Stream<Arguments> badValues() {
        List<Arguments> all = new ArrayList<>();
        for (NumericOption option : numericOptions()) {
            for (String value : VALUES) {
                if (!option.allows(value)) {
                    all.add(Arguments.of(option, value));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badValues")
    void outOfRangeValueFailsInOneLineNamingTheOptionWithoutAStackTrace(
            NumericOption option, String value) throws IOException {
        Path notAFolder = dir.resolve("data");
        if (!Files.exists(notAFolder)) {
            Files.writeString(notAFolder, "not a folder");
        }
        Path outputs = dir.resolve("outputs");
        CommandLine command = Main.commandLine().getSubcommands().get(option.command());
        List<String> args = new ArrayList<>(List.of(option.command()));
        for (OptionSpec other : command.getCommandSpec().options()) {
            String name = other.longestName();
            if (other.type() == Path.class) {
                Path path =
                        name.equals("--data-dir") ? notAFolder : outputs.resolve(name.substring(2));
                args.addAll(List.of(name, path.toString()));
            } else if (other.required() && !name.equals(option.name())) {
                args.addAll(List.of(name, validValue(option.command(), other)));
            }
        }
        args.addAll(List.of(option.name(), option.argument(value)));

        CommandRun run = CommandRun.of(args.toArray(new String[0]));

        assertThat(run.code()).as("exit code of %s", args).isNotZero();
        String err = run.err().strip();
        assertThat(err)
                .as("error of %s", args)
                .doesNotContain("\n")
                .doesNotContain("\tat ")
                .doesNotContain("Exception")
                .contains(option.name());
        assertThat(outputs).as("outputs of %s", args).doesNotExist();
    }

    /** A value the range of a required option allows, or its text value. */
    private static String validValue(String command, OptionSpec required) {
        Class<?> type = valueType(required.type(), required.auxiliaryTypes());
        if (!isIntegral(type) && !isReal(type)) {
            String text = REQUIRED_TEXT.get(required.longestName());
            assertThat(text).as("a value for %s %s", command, required.longestName()).isNotNull();
            return text;
        }
        NumericOption numeric = new NumericOption(command, required, type);
        for (String candidate : List.of("1", "0.25", "64")) {
            if (numeric.allows(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no valid value for " + numeric);
    }
}
