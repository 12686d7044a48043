package io.dnsfailover.controller.cluster;

import io.dnsfailover.controller.engine.SharedMemory;
import io.dnsfailover.controller.state.DatabaseStateStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The groups' shared memory in the cluster's database (table {@code dnsfailover_group_memory}). */
public final class DatabaseSharedMemory implements SharedMemory.Store {

    private static final Logger log = LoggerFactory.getLogger(DatabaseSharedMemory.class);

    private final DatabaseStateStore store;

    public DatabaseSharedMemory(DatabaseStateStore store) {
        this.store = store;
    }

    @Override
    public Optional<SharedMemory> load(String group) {
        return store.loadMemory(group).flatMap(json -> {
            try {
                return Optional.of(SharedMemory.fromJson(json));
            } catch (IllegalArgumentException e) {
                // another version's, or broken: this node's own memory goes on, and the next save replaces it
                log.warn("group {}: {}; this node's own memory of it is used", group, e.getMessage());
                return Optional.empty();
            }
        });
    }

    @Override
    public void save(String group, SharedMemory memory) {
        store.saveMemory(group, memory.toJson());
    }
}
