package io.meshbench.platform.local.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A class folder ({@code target/classes}) packed into a jar for children, named by a hash of the
 * folder's files (path, size, time), so it is packed again only after a build changed something.
 *
 * <p>Why: the JVM archives application classes for class-data sharing only from jars, and refuses
 * to write an archive at all while a non-empty folder is on the class path ({@link ClassDataArchive}).
 */
final class ClassesJar {

    private ClassesJar() {
    }

    /** The jar for {@code dir} in {@code cache}, packed now if absent; empty if it could not be written. */
    static Optional<Path> of(Path dir, Path cache) {
        try {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            String prefix = "classes-" + dir.getFileName() + "-";
            Path jar = cache.resolve(prefix + fingerprint(dir, files) + ".jar");
            if (Files.isRegularFile(jar)) return Optional.of(jar);
            Files.createDirectories(cache);
            Path tmp = cache.resolve(jar.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
                for (Path f : files) {
                    out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            removeOlder(cache, prefix, jar);
            return Optional.of(jar);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Jars older than this are from an earlier build, not from a run still starting children. */
    static final java.time.Duration STALE = java.time.Duration.ofHours(12);

    /**
     * Jars of earlier builds of the same folder. Only stale ones: a run of this checkout still going
     * while the classes were rebuilt keeps starting children from its own jar.
     */
    private static void removeOlder(Path cache, String prefix, Path keep) {
        long staleBefore = System.currentTimeMillis() - STALE.toMillis();
        try (Stream<Path> list = Files.list(cache)) {
            list.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar") && !p.equals(keep))
                    .filter(p -> p.toFile().lastModified() < staleBefore)
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // stale jars only cost disk space
        }
    }

    private static String fingerprint(Path dir, List<Path> files) throws IOException {
        MessageDigest sha = sha256();
        for (Path f : files) {
            sha.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Long.toString(Files.size(f)).getBytes(StandardCharsets.UTF_8));
            sha.update(Long.toString(Files.getLastModifiedTime(f).toMillis()).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
