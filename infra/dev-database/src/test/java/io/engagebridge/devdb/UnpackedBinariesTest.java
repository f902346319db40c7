package io.engagebridge.devdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnpackedBinariesTest {

    @TempDir
    Path workingDir;

    @Test
    void anUnpackingCutShortIsEmptiedSoTheNextStartUnpacksAgain() throws IOException {
        Path cut = unpacked("PG-cut", false);

        assertThat(UnpackedBinaries.clearUnfinished(workingDir)).isEqualTo(1);

        assertThat(cut.resolve("lib")).doesNotExist();
        assertThat(cut.resolve("share")).doesNotExist();
    }

    @Test
    void finishedBinariesAreLeftAlone() throws IOException {
        Path finished = unpacked("PG-done", true);

        assertThat(UnpackedBinaries.clearUnfinished(workingDir)).isZero();

        assertThat(finished.resolve("lib/libicudata.so")).exists();
    }

    @Test
    void binariesBeingUnpackedByAnotherStartAreLeftAlone() throws IOException {
        Path busy = unpacked("PG-busy", false);
        try (FileChannel channel = FileChannel.open(busy.resolve(UnpackedBinaries.LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {

            assertThat(UnpackedBinaries.clearUnfinished(workingDir)).isZero();
        }
        assertThat(busy.resolve("lib/libicudata.so")).exists();
    }

    @Test
    void noWorkingDirectoryYetIsNothingToDo() {
        assertThat(UnpackedBinaries.clearUnfinished(workingDir.resolve("absent"))).isZero();
    }

    private Path unpacked(String name, boolean finished) throws IOException {
        Path dir = Files.createDirectories(workingDir.resolve(name));
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("share/postgresql"));
        Files.writeString(dir.resolve("lib/libicudata.so"), "binary");
        Files.createSymbolicLink(dir.resolve("lib/libicudata.so.1"), dir.resolve("lib/libicudata.so"));
        if (finished) {
            Files.createFile(dir.resolve(UnpackedBinaries.FINISHED));
        }
        return dir;
    }
}
