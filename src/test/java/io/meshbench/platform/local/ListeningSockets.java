package io.meshbench.platform.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Which process holds a listening TCP socket, read from the kernel (Linux): its inode from
 * {@code /proc/net/tcp}, then the process among the candidates with a {@code socket:[inode]} open.
 * Empty where there is no /proc.
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    static boolean readable() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    static OptionalLong owner(InetSocketAddress at, List<Long> candidates) throws IOException {
        byte[] ip = at.getAddress().getAddress();
        String local = String.format(Locale.ROOT, "%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], at.getPort());
        String inode = null;
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].equals(local) && f[3].equals(LISTEN)) inode = f[9];
        }
        if (inode == null) return OptionalLong.empty();
        String target = "socket:[" + inode + "]";
        for (long pid : candidates) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals(target)) return OptionalLong.of(pid);
                    } catch (IOException closedMeanwhile) {
                        // an fd that went away while listing
                    }
                }
            }
        }
        return OptionalLong.empty();
    }
}
