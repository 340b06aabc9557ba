package io.gizmoedge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserListTest {
    @TempDir
    Path dir;

    private final PasswordHasher fast = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    private UserList sample() {
        return UserList.of(List.of(
                new UserAccount("scott", Role.CLIENT, fast.hash("tiger")),
                new UserAccount(UserList.WORKER_USER, Role.WORKER, fast.hash("united"))));
    }

    @Test
    void writesAndReadsWithoutEverStoringThePassword() throws IOException {
        Path file = dir.resolve("users.json");
        sample().write(file);

        String json = Files.readString(file);
        assertThat(json).doesNotContain("tiger").doesNotContain("united")
                .contains("\"name\" : \"scott\"").contains("\"role\" : \"client\"").contains("\"role\" : \"worker\"")
                .contains("pbkdf2-sha256$1000$");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }

        UserList read = UserList.read(file);
        assertThat(read.users()).isEqualTo(sample().users().stream().map(a -> read.user(a.name()).orElseThrow()).toList());
        assertThat(read.authenticate("scott", "tiger")).contains(Role.CLIENT);
        assertThat(read.authenticate("worker", "united")).contains(Role.WORKER);
        assertThat(read.toString()).doesNotContain("pbkdf2");
    }

    @Test
    void wrongPasswordAndUnknownUserAreRefused() {
        UserList users = sample();
        assertThat(users.authenticate("scott", "lion")).isEmpty();
        assertThat(users.authenticate("scott", "")).isEmpty();
        assertThat(users.authenticate("scott", null)).isEmpty();
        assertThat(users.authenticate("worker", "tiger")).isEmpty();
        assertThat(users.authenticate("adams", "tiger")).isEmpty();
        assertThat(users.authenticate(null, "tiger")).isEmpty();
    }

    @Test
    void unknownUserSpendsComparableTime() {
        UserList users = UserList.of(List.of(new UserAccount("scott", Role.CLIENT, new PasswordHasher().hash("tiger"))));
        users.authenticate("scott", "wrong"); // warm up
        long known = time(() -> users.authenticate("scott", "wrong"));
        long unknown = time(() -> users.authenticate("nobody", "wrong"));
        assertThat(unknown).isGreaterThan(known / 4);
    }

    @Test
    void duplicateNamesAndBadFilesAreExplained() throws IOException {
        assertThatThrownBy(() -> UserList.of(List.of(
                new UserAccount("scott", Role.CLIENT, fast.hash("a")),
                new UserAccount("scott", Role.WORKER, fast.hash("b")))))
                .hasMessageContaining("scott is listed twice");
        assertThatThrownBy(() -> new UserAccount("bad name", Role.CLIENT, fast.hash("a")))
                .hasMessageContaining("user name 'bad name'");

        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> UserList.read(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("run bootstrap");

        Path corrupt = dir.resolve("corrupt.json");
        Files.writeString(corrupt, "{\"formatVersion\":1,\"users\":[{\"name\":\"scott\",\"role\":\"client\",\"passwordHash\":\"tiger\"}]}");
        assertThatThrownBy(() -> UserList.read(corrupt)).isInstanceOf(IOException.class)
                .hasMessageContaining(corrupt.toString()).hasMessageContaining("pbkdf2-sha256$")
                .hasMessageNotContaining("\"tiger\"");
    }

    @Test
    void withUserReplacesByName() {
        UserList users = sample().withUser(new UserAccount("scott", Role.CLIENT, fast.hash("lion")));
        assertThat(users.users()).hasSize(2);
        assertThat(users.authenticate("scott", "lion")).isEqualTo(Optional.of(Role.CLIENT));
        assertThat(users.authenticate("scott", "tiger")).isEmpty();
    }

    private static long time(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }
}
