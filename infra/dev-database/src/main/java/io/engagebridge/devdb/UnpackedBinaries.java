package io.engagebridge.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * zonky unpacks the PostgreSQL binaries once per machine, into {@code <working dir>/PG-<digest>}, and marks the
 * directory finished with a {@code .exists} file. An unpacking that was cut short (Ctrl-C, out of memory) leaves a
 * directory without the mark, and every later start fails on the files already there ("FileAlreadyExistsException
 * .../lib/libicudata.so"). Such a directory is emptied here first, under zonky's own lock file, so a start that is
 * unpacking right now in another process is left alone.
 */
final class UnpackedBinaries {

    private static final Logger LOG = Logger.getLogger(UnpackedBinaries.class);
    static final String FINISHED = ".exists";
    static final String LOCK = "epg-lock";

    private UnpackedBinaries() {
    }

    /** zonky's working directory: {@code ot.epg.working-dir}, else {@code <java.io.tmpdir>/embedded-pg}. */
    static Path workingDirectory() {
        String fallback = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString();
        return Path.of(System.getProperty("ot.epg.working-dir", fallback));
    }

    /** Empties every unfinished, unlocked {@code PG-*} directory under {@code workingDir}; answers how many. */
    static int clearUnfinished(Path workingDir) {
        if (!Files.isDirectory(workingDir)) {
            return 0;
        }
        int cleared = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workingDir, "PG-*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && !Files.exists(dir.resolve(FINISHED)) && clearIfUnlocked(dir)) {
                    cleared++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not look at the unpacked PostgreSQL binaries in " + workingDir, e);
        }
        return cleared;
    }

    private static boolean clearIfUnlocked(Path dir) throws IOException {
        Path lockFile = dir.resolve(LOCK);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null || Files.exists(dir.resolve(FINISHED))) {
                return false; // being unpacked by another process, or finished meanwhile
            }
            LOG.warnf("Removing PostgreSQL binaries whose unpacking was cut short: %s", dir);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (!entry.equals(lockFile)) {
                        delete(entry);
                    }
                }
            }
            return true;
        } catch (java.nio.channels.OverlappingFileLockException lockedInThisJvm) {
            return false;
        }
    }

    private static void delete(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
