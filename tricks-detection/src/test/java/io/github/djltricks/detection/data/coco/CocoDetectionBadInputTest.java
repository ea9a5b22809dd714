/*
 * Copyright 2026 The DJL Tricks authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.djltricks.detection.data.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the COCO reader refuses, and that each refusal names the file, the entry and the value. */
class CocoDetectionBadInputTest {

    @TempDir Path root;
    private Path images;
    private Path ann;

    @BeforeEach
    void setUp() throws IOException {
        images = Files.createDirectory(root.resolve("images"));
        ann = root.resolve("instances.json");
        png(images.resolve("a.png"), 6, 4);
        png(root.resolve("secret.png"), 6, 4);
    }

    static void png(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0x123456);
        ImageIO.write(img, "png", file.toFile());
    }

    /** One image (id 7, 6x4) named {@code fileName}, one category, the given annotations. */
    private static String json(String fileName, String annotations) {
        return "{\"images\": [{\"id\": 7, \"file_name\": "
                + fileName
                + ", \"width\": 6, \"height\": 4}], \"annotations\": ["
                + annotations
                + "], \"categories\": [{\"id\": 1, \"name\": \"a\"}]}";
    }

    private CocoDetection.Builder builder(String content) throws IOException {
        Files.writeString(ann, content, StandardCharsets.UTF_8);
        return CocoDetection.builder().setAnnotationFile(ann).setImageDirectory(images);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> rejected(
            String content, Class<? extends Exception> type) throws IOException {
        CocoDetection.Builder b = builder(content);
        return assertThatThrownBy(b::build)
                .isInstanceOf(type)
                .hasMessageContaining(ann.toString())
                .hasMessageNotContaining("\n");
    }

    @Test
    void fileNameLeavingTheFolderThroughDotDotIsRefusedNamingTheEntry() throws IOException {
        rejected(json("\"../secret.png\"", ""), IllegalArgumentException.class)
                .hasMessageContainingAll("id=7", "\"../secret.png\"", "outside the image folder");
        rejected(json("\"sub/../../secret.png\"", ""), IllegalArgumentException.class)
                .hasMessageContainingAll("id=7", "sub/../../secret.png", "outside");
        rejected(json("\"..\"", ""), IllegalArgumentException.class)
                .hasMessageContaining("outside");
        rejected(json("\".\"", ""), IllegalArgumentException.class)
                .hasMessageContaining("must name a file inside it");
    }

    @Test
    void absoluteFileNameIsRefusedEvenWhenItPointsIntoTheFolder() throws IOException {
        String outside = root.resolve("secret.png").toAbsolutePath().toString();
        rejected(json("\"" + outside + "\"", ""), IllegalArgumentException.class)
                .hasMessageContainingAll("id=7", outside, "absolute path");
        String inside = images.resolve("a.png").toAbsolutePath().toString();
        rejected(json("\"" + inside + "\"", ""), IllegalArgumentException.class)
                .hasMessageContaining("absolute path");
        rejected(json("\"/etc/hostname\"", ""), IllegalArgumentException.class)
                .hasMessageContaining("/etc/hostname");
    }

    @Test
    void symlinkResolvingOutsideTheFolderIsRefusedWhenRead() throws IOException {
        Files.createSymbolicLink(images.resolve("link.png"), root.resolve("secret.png"));
        CocoDetection coco = builder(json("\"link.png\"", "")).build();
        assertThatThrownBy(() -> coco.get(0))
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll(
                        "id=7", "\"link.png\"", "secret.png", "outside the image folder")
                .hasMessageNotContaining("\n");
    }

    @Test
    void symlinkedSubfolderLeadingOutsideIsRefusedWhenRead() throws IOException {
        Files.createSymbolicLink(images.resolve("up"), root);
        CocoDetection coco = builder(json("\"up/secret.png\"", "")).build();
        assertThatThrownBy(() -> coco.get(0))
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll("id=7", "up/secret.png", "outside the image folder");
    }

    @Test
    void symlinksStayingInsideTheFolderAndASymlinkedFolderAreRead() throws IOException {
        Files.createSymbolicLink(images.resolve("alias.png"), images.resolve("a.png"));
        Path linkedFolder = Files.createSymbolicLink(root.resolve("linked"), images);
        Files.writeString(ann, json("\"alias.png\"", ""), StandardCharsets.UTF_8);
        CocoDetection coco =
                CocoDetection.builder()
                        .setAnnotationFile(ann)
                        .setImageDirectory(linkedFolder)
                        .build();
        float[] image = coco.get(0).image();
        // pixel (1, 1) of plane R, G, B: 0x12, 0x34, 0x56
        assertThat(image[6 + 1]).isEqualTo(0x12);
        assertThat(image[24 + 6 + 1]).isEqualTo(0x34);
        assertThat(image[48 + 6 + 1]).isEqualTo(0x56);
    }

    @Test
    void duplicateImageIdIsRejectedNamingFileFieldAndValue() throws IOException {
        rejected(
                        "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 6,"
                                + " \"height\": 4}, {\"id\": 1, \"file_name\": \"b.png\","
                                + " \"width\": 6, \"height\": 4}], \"categories\": []}",
                        IllegalArgumentException.class)
                .hasMessageContainingAll("images[1]", "duplicate image id 1", "images[0]");
    }

    @Test
    void duplicateCategoryIdIsRejectedNamingBothNames() throws IOException {
        rejected(
                        "{\"images\": [], \"categories\": [{\"id\": 7, \"name\": \"a\"},"
                                + " {\"id\": 7, \"name\": \"b\"}]}",
                        IllegalArgumentException.class)
                .hasMessageContainingAll(
                        "categories[1]", "duplicate category id 7", "\"b\"", "\"a\"");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "NaN, 0, 2, 2      | x = NaN is not a finite float32 number",
                "0, 0, -1, 2       | width = -1.0 must be > 0",
                "0, 0, 2, 0        | height = 0.0 must be > 0",
                "0, 0, 0, 0        | width = 0.0 must be > 0",
                "10, 0, 2, 2       | no area inside the image",
                "-5, -5, 2, 2      | no area inside the image",
                "0, 0, 1e40, 2     | width = 1.0E40 is not a finite float32 number",
                "Infinity, 0, 2, 2 | x = Infinity is not a finite float32 number",
                "3e38, 0, 3e38, 2  | x + width or y + height is not a finite float32 number",
            })
    void malformedBoxIsRejectedByDefaultAndSkippedAndCountedOnRequest(String box, String problem)
            throws IOException {
        String content =
                json(
                        "\"a.png\"",
                        "{\"id\": 5, \"image_id\": 7, \"category_id\": 1, \"bbox\": [0, 0, 2, 2]},"
                                + " {\"id\": 6, \"image_id\": 7, \"category_id\": 1, \"bbox\": ["
                                + box
                                + "]}");
        rejected(content, IllegalArgumentException.class)
                .hasMessageContainingAll("annotations[1] (id=6)", "bbox", problem);
        CocoDetection skipping = builder(content).optSkipInvalidBoxes(true).build();
        assertThat(skipping.skippedBoxes()).isEqualTo(1);
        assertThat(skipping.get(0).boxes()).isDeepEqualTo(new float[][] {{0, 0, 2, 2}});
    }

    @Test
    void boxPartlyOutsideTheImageIsClippedNotRejected() throws IOException {
        CocoDetection coco =
                builder(
                                json(
                                        "\"a.png\"",
                                        "{\"image_id\": 7, \"category_id\": 1,"
                                                + " \"bbox\": [-1, 2, 4, 9]}"))
                        .build();
        assertThat(coco.skippedBoxes()).isZero();
        assertThat(coco.get(0).boxes()).isDeepEqualTo(new float[][] {{0, 2, 3, 4}});
    }

    @Test
    void declaredSizeDisagreeingWithTheFileFailsWhenReadNamingBothSizes() throws IOException {
        CocoDetection coco =
                builder(json("\"a.png\"", "").replace("\"width\": 6", "\"width\": 5")).build();
        assertThatThrownBy(() -> coco.get(0))
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll(
                        "id=7", "\"a.png\"", "the file is 6x4", "declares width=5, height=4");
    }

    @Test
    void missingOrWronglyTypedFieldsAreRejectedNamingEntryAndField() throws IOException {
        rejected("{\"images\": [], \"categories\": [{\"id\": 3}]}", IllegalArgumentException.class)
                .hasMessageContainingAll("categories[0] (id=3)", "'name'", "got missing");
        rejected(
                        json("\"a.png\"", "").replace("\"file_name\": \"a.png\", ", ""),
                        IllegalArgumentException.class)
                .hasMessageContainingAll("images[0] (id=7)", "'file_name'", "non-empty string");
        rejected(json("\"\"", ""), IllegalArgumentException.class)
                .hasMessageContainingAll("'file_name'", "got \"\"");
        rejected(
                        json("\"a.png\"", "").replace("\"id\": 7", "\"id\": \"abc\""),
                        IllegalArgumentException.class)
                .hasMessageContainingAll("images[0]", "'id'", "must be an integer", "\"abc\"");
        rejected(
                        json("\"a.png\"", "").replace("\"id\": 7", "\"id\": 7.5"),
                        IllegalArgumentException.class)
                .hasMessageContainingAll("'id'", "7.5");
        rejected(
                        json("\"a.png\"", "").replace(", \"height\": 4", ""),
                        IllegalArgumentException.class)
                .hasMessageContainingAll("'height'", "got missing");
        rejected(
                        json(
                                "\"a.png\"",
                                "{\"id\": 9, \"image_id\": 7, \"category_id\": 1,"
                                        + " \"bbox\": \"1,2,3,4\"}"),
                        IllegalArgumentException.class)
                .hasMessageContainingAll("annotations[0] (id=9)", "'bbox'", "\"1,2,3,4\"");
        rejected(
                        json(
                                "\"a.png\"",
                                "{\"id\": 9, \"image_id\": 7, \"category_id\": 1,"
                                        + " \"bbox\": [1, 2, 3]}"),
                        IllegalArgumentException.class)
                .hasMessageContainingAll("'bbox'", "[1,2,3]");
        rejected(
                        json(
                                "\"a.png\"",
                                "{\"image_id\": 7, \"category_id\": 1, \"iscrowd\": 2,"
                                        + " \"bbox\": [1, 2, 3, 1]}"),
                        IllegalArgumentException.class)
                .hasMessageContainingAll("iscrowd=2", "allowed are 0 and 1");
        rejected(
                        json("\"a.png\"", "").replace("\"width\": 6", "\"width\": 0"),
                        IllegalArgumentException.class)
                .hasMessageContainingAll("width=0", ">= 1");
    }

    @Test
    void malformedJsonIsRejectedNamingTheFile() throws IOException {
        String valid = json("\"a.png\"", "");
        rejected(valid.substring(0, valid.length() / 2), IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        rejected("[" + valid + "]", IllegalArgumentException.class)
                .hasMessageContainingAll("the top level must be a JSON object", "got [");
        rejected("", IllegalArgumentException.class)
                .hasMessageContainingAll("not valid JSON", "End of input");
        rejected(valid + " {}", IllegalArgumentException.class)
                .hasMessageContaining("more content after the top-level value");
        rejected("{\"images\": {}, \"categories\": []}", IllegalArgumentException.class)
                .hasMessageContainingAll("'images'", "must be an array");
    }

    @Test
    void annotationPathThatIsADirectoryOrMissingOrNotUtf8FailsWithIoExceptionNamingIt()
            throws IOException {
        assertThatThrownBy(
                        () ->
                                CocoDetection.builder()
                                        .setAnnotationFile(images)
                                        .setImageDirectory(images)
                                        .build())
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll(images.toString(), "is a directory");
        Path missing = root.resolve("none.json");
        assertThatThrownBy(
                        () ->
                                CocoDetection.builder()
                                        .setAnnotationFile(missing)
                                        .setImageDirectory(images)
                                        .build())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
        Files.write(ann, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        assertThatThrownBy(
                        () ->
                                CocoDetection.builder()
                                        .setAnnotationFile(ann)
                                        .setImageDirectory(images)
                                        .build())
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll(ann.toString(), "not UTF-8");
    }

    @Test
    void imageReadFailuresNameTheImageIdAndFile() throws IOException {
        CocoDetection missing = builder(json("\"gone.png\"", "")).build();
        assertThatThrownBy(() -> missing.get(0))
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll("id=7", "\"gone.png\"", "no such file");

        byte[] full = Files.readAllBytes(images.resolve("a.png"));
        // cut inside the IDAT chunk: signature (8) + IHDR (25) + IDAT length and type (8) + 2
        Files.write(images.resolve("cut.png"), Arrays.copyOf(full, 8 + 25 + 8 + 2));
        CocoDetection truncated = builder(json("\"cut.png\"", "")).build();
        assertThatThrownBy(() -> truncated.get(0))
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll("id=7", "\"cut.png\"", "cannot be decoded")
                .hasMessageNotContaining("\n");

        Files.writeString(images.resolve("text.png"), "not an image");
        CocoDetection text = builder(json("\"text.png\"", "")).build();
        assertThatThrownBy(() -> text.get(0))
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll("\"text.png\"", "not in an image format");

        Files.createDirectory(images.resolve("dir.png"));
        CocoDetection folder = builder(json("\"dir.png\"", "")).build();
        assertThatThrownBy(() -> folder.get(0))
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll("\"dir.png\"", "not a regular file");
    }

    @Test
    void hugeImageHeaderIsRefusedBeforeDecoding() throws IOException {
        Files.write(images.resolve("huge.png"), withSize(images.resolve("a.png"), 30000, 30000));
        CocoDetection declaredSmall = builder(json("\"huge.png\"", "")).build();
        assertThatThrownBy(() -> declaredSmall.get(0))
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll(
                        "\"huge.png\"", "the file is 30000x30000", "declares width=6, height=4");
        rejected(
                        json("\"huge.png\"", "")
                                .replace("\"width\": 6", "\"width\": 30000")
                                .replace("\"height\": 4", "\"height\": 30000"),
                        IllegalArgumentException.class)
                .hasMessageContainingAll(
                        "width=30000, height=30000",
                        "width * height <= " + CocoDetection.MAX_PIXELS);
    }

    /** A copy of a PNG whose IHDR chunk (with its CRC) claims another size. */
    private static byte[] withSize(Path png, int w, int h) throws IOException {
        byte[] b = Files.readAllBytes(png);
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putInt(16, w).putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        buf.putInt(29, (int) crc.getValue());
        return b;
    }
}
