package io.meshbench.platform.local.process;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Application class-data sharing (AppCDS) for the proxy processes: the classes a proxy loads to
 * become ready (Netty, TLS, the proxy's own) written once into an archive by a training proxy
 * ({@code -XX:ArchiveClassesAtExit}), then mapped by every proxy ({@code -XX:SharedArchiveFile})
 * instead of being parsed, verified and linked again in each of them. The archive's read-only
 * pages are shared between the processes mapping it, so they count once in PSS.
 *
 * <p>Keyed by the JVM and the child class path (whose class folders are content-named jars,
 * {@link ClassesJar}), kept next to the build's classes ({@code target/meshbench-cds}). Nothing
 * fails without it: a training run that writes no archive is reported once and children start
 * without one; a stale archive is ignored by the JVM itself ({@code -Xshare:auto}).
 * {@code -Dlocal.cds=off} turns it off (to measure what it saves).
 */
public final class ClassDataArchive {

    /** How long a training proxy may take to write its archive after being told to stop. */
    public static final java.time.Duration DUMP_GRACE = java.time.Duration.ofSeconds(60);
    /** {@code -Dlocal.cds=off} turns the shared archive off. */
    public static final String OPTION = "local.cds";

    private static final Set<Path> FAILED = new HashSet<>();

    private ClassDataArchive() {
    }

    /** Writes the archive for {@code classPath} once. */
    @FunctionalInterface
    public interface Trainer {
        /** Starts a proxy with {@code flags} added, brings it to ready, and stops it (waiting for its exit). */
        void train(List<String> flags) throws Exception;
    }

    public static boolean enabled() {
        return !"off".equalsIgnoreCase(System.getProperty(OPTION, "on").trim());
    }

    /** The archive file for children on {@code classPath} (it may not exist yet). */
    static Path archiveFor(String classPath) {
        MessageDigest sha = ClassesJar.sha256();
        for (String part : List.of(System.getProperty("java.home"), System.getProperty("java.vm.version"), classPath)) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return ChildClassPath.cacheDir().resolve("proxy-" + HexFormat.of().formatHex(sha.digest(), 0, 8) + ".jsa");
    }

    /** {@code -XX:SharedArchiveFile=…} when an archive for {@code classPath} exists, else nothing. */
    static List<String> runtimeFlags(String classPath) {
        if (!enabled()) return List.of();
        Path archive = archiveFor(classPath);
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
    }

    /**
     * Makes sure the archive for {@code classPath} exists, training it now if not (once per JVM:
     * a failed training is not retried). Returns a sentence for the console when it failed, else null.
     */
    public static synchronized String ensure(String classPath, Trainer trainer) {
        if (!enabled() || !dynamicArchiveSupported()) return null;
        Path archive = archiveFor(classPath);
        if (Files.isRegularFile(archive) || FAILED.contains(archive)) return null;
        Path tmp = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(archive.getParent());
            trainer.train(List.of("-XX:ArchiveClassesAtExit=" + tmp,
                    "-D" + ParentLink.EXIT_GRACE_PROPERTY + "=" + DUMP_GRACE.toMillis()));
            if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new IOException("the training proxy wrote no archive (its stderr has the JVM's reason)");
            }
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
        } catch (Exception e) {
            FAILED.add(archive);
            return "proxy processes start without a class-data archive: " + e.getMessage();
        } finally {
            tmp.toFile().delete();
        }
    }

    /** Whether this JVM (which children run too) can write a dynamic archive (JDK 13+ HotSpot). */
    static boolean dynamicArchiveSupported() {
        return vmOptionExists("ArchiveClassesAtExit");
    }

    /** Whether the children's JVM has the option {@code name} (they run this JVM's {@code java}). */
    static boolean vmOptionExists(String name) {
        try {
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption(name);
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
