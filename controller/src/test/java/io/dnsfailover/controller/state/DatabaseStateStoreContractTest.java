package io.dnsfailover.controller.state;

import io.dnsfailover.providers.testkit.PostgresServer;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The store contract on a real PostgreSQL on loopback, a new database per test. */
class DatabaseStateStoreContractTest extends StateStoreContract {

    static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.shared(); // skipped, or failed under CI=true, where PostgreSQL is missing
    }
    String database;

    @BeforeEach
    void database() {
        database = postgres.createDatabase();
    }

    @Override
    StateStore open() {
        return DatabaseStateStore.open(postgres.jdbcUrl(database), PostgresServer.USER, postgres.password(), "node-a",
                Clock.systemUTC());
    }
}
