package io.meshbench.platform.local.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Class folders packed for sharing, and a class-data training that fails leaving children without an archive. */
class ClassDataArchiveTest {

    @TempDir
    Path dir;

    @Test
    void aClassFolderIsPackedOnceAndAgainOnlyWhenItChanges() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/io/example"));
        Files.writeString(classes.resolve("A.class"), "not really a class");
        Path cache = dir.resolve("cache");
        Path first = ClassesJar.of(dir.resolve("classes"), cache).orElseThrow();
        assertEquals(first, ClassesJar.of(dir.resolve("classes"), cache).orElseThrow(), "unchanged folder, same jar");
        try (JarFile jar = new JarFile(first.toFile())) {
            assertNotNull(jar.getEntry("io/example/A.class"));
        }
        Files.writeString(classes.resolve("B.class"), "another");
        Path second = ClassesJar.of(dir.resolve("classes"), cache).orElseThrow();
        assertNotEquals(first, second);
        assertTrue(Files.exists(second));
        assertTrue(Files.exists(first), "a fresh jar of an earlier build stays: a run may still start children from it");

        assertTrue(first.toFile().setLastModified(System.currentTimeMillis() - ClassesJar.STALE.toMillis() - 60_000));
        Files.writeString(classes.resolve("C.class"), "a third");
        Path third = ClassesJar.of(dir.resolve("classes"), cache).orElseThrow();
        assertTrue(Files.exists(third));
        assertTrue(Files.notExists(first), "a stale jar is removed");
        assertTrue(Files.exists(second));
    }

    /**
     * Gatling's forked JVM runs from a manifest-only booter jar: the cache is still found beside the
     * project's class folder it names, so two builds on one machine never share (and prune) one
     * temp folder.
     */
    @Test
    void theCacheIsBesideTheClassFolderThatABooterJarNames() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("project/target/classes/io/meshbench")).getParent().getParent();
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, classes.toUri().toString());
        Path booter = dir.resolve("booter.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(booter), m)) {
            out.flush();
        }
        assertEquals(dir.resolve("project/target/meshbench-cds").toAbsolutePath(), ChildClassPath.cacheDir(booter.toString()));
    }

    @Test
    void aTrainingThatWritesNoArchiveIsReportedOnceAndChildrenStartWithoutOne() {
        String classPath = "/nowhere/" + System.nanoTime() + ".jar";
        int[] trainings = {0};
        String warning = ClassDataArchive.ensure(classPath, flags -> {
            trainings[0]++;
            assertTrue(flags.stream().anyMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit=")), flags.toString());
        });
        assertNotNull(warning);
        assertTrue(warning.contains("wrote no archive"), warning);
        assertNull(ClassDataArchive.ensure(classPath, flags -> trainings[0]++), "not retried");
        assertEquals(1, trainings[0]);
        assertEquals(List.of(), ClassDataArchive.runtimeFlags(classPath));
    }
}
