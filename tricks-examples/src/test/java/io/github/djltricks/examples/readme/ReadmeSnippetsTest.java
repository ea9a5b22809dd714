/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README cannot rot: its Java blocks are the snippets compiled in this package, and its Maven
 * block is the one the consumer project of {@code .ci/consumer} builds with.
 *
 * <ul>
 *   <li>A snippet is the code between a {@code // snippet:NAME} line and an {@code // end-snippet}
 *       line in a {@code *Snippet.java} file of this package (Spotless leaves those lines as
 *       written, so they keep the README's layout), or in the consumer project's sources.
 *   <li>The README's first Java block holds only imports; every snippet file (and the consumer's
 *       {@code Main}) has exactly these imports, so every snippet compiles with them as the README
 *       says, and each of them is used by some snippet.
 *   <li>Every other Java block of the README is a snippet, and every snippet is in the README.
 *   <li>The README's XML block is the consumer project's dependencies, word for word.
 * </ul>
 *
 * Blocks are compared after normalising whitespace: trailing spaces and surrounding blank lines
 * dropped, common indentation removed, runs of spaces inside a line made one. Editing either side
 * without the other fails here; {@link ReadmeSnippetsRunTest} runs the snippets on small generated
 * data.
 */
class ReadmeSnippetsTest {

    /** The working directory of the module's tests is the module; the README is the project's. */
    static final Path README = Path.of("..", "README.md");

    static final Path SOURCES =
            Path.of("src", "test", "java", "io", "github", "djltricks", "examples", "readme");

    /** The separate Maven project a user would write: the README's Maven block and snippets. */
    static final Path CONSUMER = Path.of("..", ".ci", "consumer");

    private static final Pattern FENCE = Pattern.compile("^\\s*```(\\S*)\\s*$");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+([\\w.]+(\\.\\*)?)\\s*;$");
    private static final Pattern START = Pattern.compile("^\\s*// snippet:(\\S+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// end-snippet\\s*$");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");

    /** A snippet: its name, the file it is in and its lines, normalised. */
    record Snippet(String name, Path file, List<String> lines) {}

    /** A source file: its imports and its snippets. */
    record Source(Path file, List<String> imports, List<Snippet> snippets) {}

    @Test
    void everyJavaBlockOfTheReadmeIsACompiledSnippet() throws IOException {
        Map<String, Snippet> snippets = snippets(sources());
        List<List<String>> blocks = javaBlocks(readme());
        assertThat(blocks).as("java blocks in %s", README).hasSizeGreaterThan(1);
        for (List<String> block : blocks.subList(1, blocks.size())) {
            if (snippets.values().stream().noneMatch(s -> s.lines().equals(block))) {
                fail(mismatch(block, snippets));
            }
        }
    }

    @Test
    void everySnippetIsInTheReadme() throws IOException {
        List<List<String>> blocks = javaBlocks(readme());
        for (Snippet snippet : snippets(sources()).values()) {
            assertThat(blocks)
                    .as(
                            "snippet '%s' of %s, as the README must show it:%n%s",
                            snippet.name(), snippet.file(), String.join("\n", snippet.lines()))
                    .contains(snippet.lines());
        }
    }

    @Test
    void theReadmesImportsAreThoseEverySnippetCompilesWithAndEachIsUsed() throws IOException {
        List<String> imports = javaBlocks(readme()).get(0);
        assertThat(imports)
                .as("the README's first java block: the imports of every snippet")
                .isNotEmpty()
                .allMatch(line -> IMPORT.matcher(line).matches());
        List<Source> sources = sources();
        for (Source source : sources) {
            assertThat(source.imports())
                    .as("the imports of %s, which must be the README's", source.file())
                    .isEqualTo(imports);
        }
        Set<String> used = new LinkedHashSet<>();
        for (Source source : sources) {
            for (Snippet snippet : source.snippets()) {
                used.addAll(identifiers(snippet.lines()));
            }
        }
        ClassLoader loader = getClass().getClassLoader();
        for (String line : imports) {
            Matcher m = IMPORT.matcher(line);
            assertThat(m.matches()).isTrue();
            String name = m.group(1);
            boolean usedHere;
            if (name.endsWith(".*")) {
                String pkg = name.substring(0, name.length() - 2);
                usedHere = used.stream().anyMatch(id -> exists(loader, pkg + "." + id));
            } else {
                usedHere = used.contains(name.substring(name.lastIndexOf('.') + 1));
            }
            assertThat(usedHere).as("%s is used by some snippet", line).isTrue();
        }
    }

    @Test
    void theReadmesMavenBlockIsTheConsumerProjects() throws IOException {
        List<List<String>> xml = blocks(readme(), "xml");
        assertThat(xml).as("the README's xml blocks").hasSize(1);
        List<String> pom = Files.readAllLines(CONSUMER.resolve("pom.xml"), StandardCharsets.UTF_8);
        int start = pom.indexOf("  <dependencyManagement>");
        int end = pom.lastIndexOf("  </dependencies>");
        assertThat(start).as("<dependencyManagement> in the consumer's pom.xml").isNotNegative();
        List<String> consumer = normalise(pom.subList(start, end + 1));
        assertThat(String.join("\n", xml.get(0))).isEqualTo(String.join("\n", consumer));
    }

    @Test
    void comparisonAndParsingOnAnExample() {
        List<String> source =
                List.of(
                        "package p;",
                        "import a.b.*;",
                        "class X {",
                        "    void m() {",
                        "        // snippet" + ":demo",
                        "        Used u   = helper(\"Hidden\"); // Comment",
                        "        // end-snippet",
                        "    }",
                        "}");
        Source parsed = parse(Path.of("X.java"), source);
        assertThat(parsed.imports()).containsExactly("import a.b.*;");
        assertThat(parsed.snippets()).hasSize(1);
        assertThat(parsed.snippets().get(0).lines())
                .containsExactly("Used u = helper(\"Hidden\"); // Comment");
        assertThat(identifiers(parsed.snippets().get(0).lines()))
                .containsExactly("Used", "u", "helper");
        assertThat(
                        identifiers(
                                List.of(
                                        "x(); // the teacher's",
                                        "Teacher t = y('a', \"it's // no comment\");",
                                        "/* it's */ Student s; // 'q'")))
                .containsExactly("x", "Teacher", "t", "y", "Student", "s");
        assertThat(
                        javaBlocks(
                                "text\n```java\n    import a.b.C;\n\n    x();  \n```\n```xml\n<a/>\n```"))
                .containsExactly(List.of("import a.b.C;", "", "x();"));
    }

    private static boolean exists(ClassLoader loader, String className) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String readme() throws IOException {
        return Files.readString(README, StandardCharsets.UTF_8);
    }

    /** The snippet files of this package and the consumer project's sources. */
    static List<Source> sources() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SOURCES)) {
            files =
                    list.filter(p -> p.getFileName().toString().endsWith("Snippet.java"))
                            .sorted()
                            .collect(Collectors.toList());
        }
        try (Stream<Path> walk = Files.walk(CONSUMER.resolve("src"))) {
            walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
        }
        List<Source> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(parse(file, Files.readAllLines(file, StandardCharsets.UTF_8)));
        }
        return sources;
    }

    /**
     * Every snippet by name; a name may come twice (the consumer project copies snippets) only with
     * the same lines.
     */
    static Map<String, Snippet> snippets(List<Source> sources) {
        Map<String, Snippet> all = new LinkedHashMap<>();
        for (Source source : sources) {
            for (Snippet snippet : source.snippets()) {
                Snippet before = all.putIfAbsent(snippet.name(), snippet);
                if (before != null) {
                    assertThat(snippet.lines())
                            .as(
                                    "snippet '%s' in %s and, otherwise, in %s",
                                    snippet.name(), snippet.file(), before.file())
                            .isEqualTo(before.lines());
                }
            }
        }
        assertThat(all).as("snippets under %s", SOURCES).isNotEmpty();
        return all;
    }

    /** The imports and snippets of one source file. */
    static Source parse(Path file, List<String> lines) {
        List<String> imports = new ArrayList<>();
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (IMPORT.matcher(lines.get(i).trim()).matches()) {
                imports.add(lines.get(i).trim());
                continue;
            }
            Matcher start = START.matcher(lines.get(i));
            if (!start.matches()) {
                assertThat(END.matcher(lines.get(i)).matches())
                        .as("%s:%d: an end-snippet without its snippet:NAME", file, i + 1)
                        .isFalse();
                continue;
            }
            String name = start.group(1);
            List<String> region = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.size() && !END.matcher(lines.get(j)).matches(); j++) {
                assertThat(START.matcher(lines.get(j)).matches())
                        .as("%s:%d: a snippet opens inside '%s'", file, j + 1, name)
                        .isFalse();
                region.add(lines.get(j));
            }
            assertThat(j)
                    .as("%s: snippet '%s' has no end-snippet", file, name)
                    .isLessThan(lines.size());
            assertThat(snippets).noneMatch(s -> s.name().equals(name));
            snippets.add(new Snippet(name, file, normalise(region)));
            i = j;
        }
        return new Source(file, imports, snippets);
    }

    /** Java's comments, string, text-block and char literals: what {@link #identifiers} skips. */
    private static final Pattern NOT_CODE =
            Pattern.compile(
                    "\"\"\"[\\s\\S]*?\"\"\"" // text block
                            + "|\"(?:\\\\.|[^\"\\\\\n])*\"" // string
                            + "|'(?:\\\\.|[^'\\\\\n])*'" // char
                            + "|//[^\n]*" // line comment
                            + "|/\\*[\\s\\S]*?\\*/"); // block comment

    /** The identifiers of Java code, its comments and string literals left out. */
    static Set<String> identifiers(List<String> code) {
        // one left-to-right pass: whichever starts first wins, so an apostrophe in a comment is
        // not a char literal and a // in a string is not a comment
        String text = NOT_CODE.matcher(String.join("\n", code)).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** The {@code ```java} blocks of a Markdown text, each normalised. */
    static List<List<String>> javaBlocks(String markdown) {
        return blocks(markdown, "java");
    }

    /** The fenced blocks of a language in a Markdown text, each normalised. */
    static List<List<String>> blocks(String markdown, String language) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        String open = null;
        for (String line : markdown.split("\n", -1)) {
            Matcher fence = FENCE.matcher(line);
            if (open == null) {
                if (fence.matches()) {
                    open = fence.group(1);
                    current = new ArrayList<>();
                }
            } else if (fence.matches() && fence.group(1).isEmpty()) {
                if (open.equals(language)) {
                    blocks.add(normalise(current));
                }
                open = null;
            } else {
                current.add(line);
            }
        }
        assertThat(open).as("an unclosed ``` block").isNull();
        return blocks;
    }

    /**
     * Trailing spaces and surrounding blank lines dropped, common indentation removed, and every
     * run of spaces after a line's indentation made one.
     */
    static List<String> normalise(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.replace("\t", "    ").stripTrailing());
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        int indent =
                out.stream()
                        .filter(l -> !l.isEmpty())
                        .mapToInt(l -> l.length() - l.stripLeading().length())
                        .min()
                        .orElse(0);
        List<String> result = new ArrayList<>();
        for (String line : out) {
            if (line.isEmpty()) {
                result.add(line);
            } else {
                String body = line.substring(indent);
                int lead = body.length() - body.stripLeading().length();
                result.add(body.substring(0, lead) + body.substring(lead).replaceAll(" {2,}", " "));
            }
        }
        return result;
    }

    /**
     * The message for a README block no snippet matches: the nearest snippet, the first difference.
     */
    private static String mismatch(List<String> block, Map<String, Snippet> snippets) {
        Snippet nearest = null;
        long best = -1;
        for (Snippet s : snippets.values()) {
            long common = block.stream().filter(s.lines()::contains).count();
            if (common > best) {
                best = common;
                nearest = s;
            }
        }
        StringBuilder message =
                new StringBuilder("A ```java block of the README is no snippet of ")
                        .append(SOURCES)
                        .append(":\n")
                        .append(String.join("\n", block))
                        .append('\n');
        if (nearest != null) {
            List<String> expected = nearest.lines();
            int line = 0;
            while (line < block.size()
                    && line < expected.size()
                    && block.get(line).equals(expected.get(line))) {
                line++;
            }
            message.append("\nNearest: snippet '")
                    .append(nearest.name())
                    .append("' of ")
                    .append(nearest.file())
                    .append(", which differs at line ")
                    .append(line + 1)
                    .append(":\n  README:  ")
                    .append(line < block.size() ? block.get(line) : "(end)")
                    .append("\n  snippet: ")
                    .append(line < expected.size() ? expected.get(line) : "(end)")
                    .append("\nThe README must show:\n")
                    .append(String.join("\n", expected));
        }
        return message.toString();
    }
}
