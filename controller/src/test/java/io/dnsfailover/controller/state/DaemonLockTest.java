package io.dnsfailover.controller.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonLockTest {

    @TempDir
    Path dir;

    @TempDir
    Path logs;

    ChildJvms children;

    @BeforeEach
    void setUp() {
        children = new ChildJvms(logs);
    }

    @AfterEach
    void tearDown() {
        children.close();
    }

    static String refusal(long pid, Path dir) throws Exception {
        return "another dnsfailover daemon (pid " + pid + ") is running on state directory " + dir.toRealPath()
                + "; stop it first, or give this one another state.dir";
    }

    @Test
    void aSecondLockInThisJvmIsRefusedWithOurPid() throws Exception {
        long self = ProcessHandle.current().pid();
        try (FileStateStore store = FileStateStore.open(dir); FileStateStore other = FileStateStore.open(dir);
                AutoCloseable held = store.lockForDaemon()) {
            assertThatThrownBy(store::lockForDaemon).isInstanceOf(IllegalStateException.class).hasMessage(refusal(self, dir));
            assertThatThrownBy(other::lockForDaemon).isInstanceOf(IllegalStateException.class).hasMessage(refusal(self, dir));
        }
    }

    @Test
    void writesThePidWhileHeldAndIsReleasedOnClose() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            AutoCloseable held = store.lockForDaemon();
            assertThat(Files.readString(dir.resolve("daemon.lock")).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            held.close();
            held.close(); // idempotent
            assertThat(Files.readString(dir.resolve("daemon.lock"))).isEmpty();

            try (AutoCloseable again = store.lockForDaemon()) {
                assertThat(again).isNotNull();
            }
        }
    }

    @Test
    void aLockHeldByAnotherProcessRefusesThisOneNamingItsPid() throws Exception {
        ChildJvms.Child daemon = children.start("daemon", dir.toString());
        daemon.awaitOutput("locked");

        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::lockForDaemon)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(refusal(daemon.pid(), dir));

            daemon.sendLine();
            assertThat(daemon.awaitExit()).isZero();
            assertThat(daemon.output()).contains("released");
            try (AutoCloseable mine = store.lockForDaemon()) {
                assertThat(mine).isNotNull();
            }
        }
    }

    @Test
    void anotherProcessIsRefusedWhileThisOneHoldsTheLock() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir); AutoCloseable held = store.lockForDaemon()) {
            // a refused second claim in this JVM must not drop the first one's OS lock (POSIX locks are
            // dropped when any descriptor of the file closes)
            assertThatThrownBy(store::lockForDaemon).isInstanceOf(IllegalStateException.class);

            ChildJvms.Child second = children.start("daemon", dir.toString());
            // a child that got the lock prints "locked" and waits; fail on that at once rather than at the deadline
            second.awaitOutput("refused", "locked");
            assertThat(second.output()).contains("refused: " + refusal(ProcessHandle.current().pid(), dir));
            assertThat(second.awaitExit()).isEqualTo(3);
        }
    }

    @Test
    void aKilledDaemonLeavesNoStaleLock() throws Exception {
        ChildJvms.Child daemon = children.start("daemon", dir.toString());
        daemon.awaitOutput("locked");
        daemon.kill();

        try (FileStateStore store = FileStateStore.open(dir); AutoCloseable mine = store.lockForDaemon()) {
            assertThat(Files.readString(dir.resolve("daemon.lock")).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void aDeletedStateDirectoryLosesTheLockAndReacquireTakesTheNewOne() throws Exception {
        Path stateDir = dir.resolve("state");
        try (FileStateStore store = FileStateStore.open(stateDir); DaemonLock held = store.lockForDaemon()) {
            assertThat(held.lost()).isFalse();
            FileStateStoreTest.deleteRecursively(stateDir);
            assertThat(held.lost()).isTrue();
            store.restore("atlanta1", GroupState.EMPTY.withOverride("backup1", StateStoreContract.T0));
            assertThat(store.problems()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("daemon lock " + stateDir.toRealPath().resolve("daemon.lock") + " is gone");

            held.reacquire();

            assertThat(held.lost()).isFalse();
            assertThat(store.problems()).isEmpty();
            // the OS lock is on the new file, with our pid in it: another process is refused again, naming us.
            // (Not read from this JVM: closing any descriptor of the file would drop this process's POSIX lock.)
            ChildJvms.Child second = children.start("daemon", stateDir.toString());
            second.awaitOutput("refused", "locked");
            assertThat(second.output()).contains("refused: " + refusal(ProcessHandle.current().pid(), stateDir));
            assertThat(second.awaitExit()).isEqualTo(3);
        }
    }

    @Test
    void reacquireCreatesTheDirectoryWhenNothingElseDid() throws Exception {
        Path stateDir = dir.resolve("state");
        try (FileStateStore store = FileStateStore.open(stateDir); DaemonLock held = store.lockForDaemon()) {
            FileStateStoreTest.deleteRecursively(stateDir);
            held.reacquire();
            assertThat(stateDir.resolve("daemon.lock")).isRegularFile();
            assertThat(held.lost()).isFalse();
        }
    }

    @Test
    void reacquireWhileTheLockHoldsChangesNothing() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir); DaemonLock held = store.lockForDaemon()) {
            Object before = FileStateStoreTest.identity(dir.resolve("daemon.lock"));
            held.reacquire();
            assertThat(FileStateStoreTest.identity(dir.resolve("daemon.lock"))).isEqualTo(before);
            assertThat(held.lost()).isFalse();
        }
    }

    @Test
    void reacquireFailsNamingTheDaemonThatTookTheDirectoryMeanwhile() throws Exception {
        Path stateDir = dir.resolve("state");
        try (FileStateStore store = FileStateStore.open(stateDir); DaemonLock held = store.lockForDaemon()) {
            FileStateStoreTest.deleteRecursively(stateDir);
            Files.createDirectories(stateDir);
            ChildJvms.Child other = children.start("daemon", stateDir.toString());
            other.awaitOutput("locked");

            assertThatThrownBy(held::reacquire)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("another dnsfailover daemon (pid " + other.pid() + ") took state directory " + store.dir()
                            + " while this one's lock was lost (daemon.lock was deleted); two daemons now run on it: stop one");
            assertThat(held.lost()).isTrue();
            // the refusal dropped nothing of the other daemon's claim
            assertThat(Files.readString(stateDir.resolve("daemon.lock")).trim()).isEqualTo(Long.toString(other.pid()));
            assertThat(other.process().isAlive()).isTrue();
            other.sendLine();
            assertThat(other.awaitExit()).isZero();
            held.reacquire();
            assertThat(held.lost()).isFalse();
        }
    }

    @Test
    void aReleasedLockIsNeitherLostNorReacquired() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            DaemonLock held = store.lockForDaemon();
            held.close();
            Files.delete(dir.resolve("daemon.lock"));
            assertThat(held.lost()).isFalse();
            assertThat(store.problems()).isEmpty();
            assertThatThrownBy(held::reacquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("was released");
        }
    }
}
