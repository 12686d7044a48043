package io.dnsfailover.controller.state;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a state directory (what only files do is in {@link FileStateStoreTest}). */
class FileStateStoreContractTest extends StateStoreContract {

    @TempDir
    Path dir;

    @Override
    StateStore open() {
        return FileStateStore.open(dir);
    }
}
