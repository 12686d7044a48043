package io.dnsfailover.controller.state;

import io.dnsfailover.providers.testkit.PostgresServer;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The store contract on a real PostgreSQL on loopback, a new database per test. */
class DatabaseStateStoreContractTest extends StateStoreContract {

    static PostgresServer postgres;
    String database;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.create();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

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
