package io.dnsfailover.controller.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 2: the tables of Quartz's clustered JDBC job store, as the Quartz jar on the class path ships them for
 * PostgreSQL ({@code tables_postgres.sql}), without the script's {@code DROP}s and {@code COMMIT}: the schema is
 * the one the scheduler in use expects, and a migration never drops anything.
 */
final class QuartzSchema implements JavaMigration {

    static final String SCRIPT = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "Quartz clustered job store";
    }

    @Override
    public Integer getChecksum() {
        CRC32 crc = new CRC32();
        statements().forEach(s -> crc.update(s.getBytes(StandardCharsets.UTF_8)));
        return (int) crc.getValue();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement s = context.getConnection().createStatement()) {
            for (String sql : statements()) {
                s.execute(sql);
            }
        }
    }

    /** The script's statements that create something, comments removed. */
    static List<String> statements() {
        String script;
        try (InputStream in = QuartzSchema.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("the Quartz jar has no " + SCRIPT + ": is quartz on the class path?");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCRIPT + " from the Quartz jar: " + e.getMessage(), e);
        }
        StringBuilder code = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            code.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            String sql = statement.strip();
            String head = sql.toUpperCase(Locale.ROOT);
            if (!sql.isEmpty() && !head.startsWith("DROP") && !head.startsWith("COMMIT")) {
                out.add(sql);
            }
        }
        return out;
    }
}
