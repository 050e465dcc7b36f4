package org.meshwork.platform.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.MeshException;

class MaskSaltTest {

    @TempDir
    Path home;

    @Test
    void theSaltIsCreatedOnceOwnerOnlyAndThenKept() throws Exception {
        String salt = MaskSalt.load(home);
        assertThat(salt).matches("[0-9a-f]{64}");
        assertThat(MaskSalt.load(home)).isEqualTo(salt);
        assertThat(Files.getPosixFilePermissions(home.resolve(MaskSalt.FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(MaskSalt.load(Files.createDirectories(home.resolve("other")))).isNotEqualTo(salt);
    }

    @Test
    void aDamagedSaltIsNotSilentlyReplaced() throws Exception {
        Files.createDirectories(home.resolve("keys"));
        Files.writeString(home.resolve(MaskSalt.FILE), "oops");
        assertThatThrownBy(() -> MaskSalt.load(home)).isInstanceOf(MeshException.class)
                .hasMessageContaining("does not hold a mask salt");
    }
}
