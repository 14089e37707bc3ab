package org.ecograph.neo4jlocal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * Runs a Neo4j 5.26 Community database with the Bolt connector on 127.0.0.1.
 *
 * <p>Arguments: {@code --port N} (default 7687), {@code --data DIR} (default ./neo4j-data),
 * {@code --pagecache SIZE} (default 256m). The password of the user {@code neo4j} comes from the
 * environment variable {@code NEO4J_PASSWORD} and is applied on every start. Heap size is set by
 * the caller with {@code -Xmx}. The process stops cleanly on SIGTERM (shutdown hook).
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 7687;
        Path data = Path.of("neo4j-data");
        String pageCache = "256m";
        String txMemory = "512m";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                fail("option " + a + " needs a value");
            }
            switch (a) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--pagecache" -> pageCache = args[++i];
                case "--tx-memory" -> txMemory = args[++i];
                default -> fail("unknown option " + a + " (expected --port, --data, --pagecache, --tx-memory)");
            }
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            fail("set NEO4J_PASSWORD (at least 8 characters) before starting the server");
        }
        Path home = data.toAbsolutePath();
        Files.createDirectories(home);

        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("server.bolt.enabled", "true");
        conf.put("server.bolt.listen_address", "127.0.0.1:" + port);
        conf.put("server.bolt.advertised_address", "127.0.0.1:" + port);
        conf.put("server.http.enabled", "false");
        conf.put("server.https.enabled", "false");
        conf.put("dbms.security.auth_enabled", "true");
        conf.put("server.memory.pagecache.size", pageCache);
        conf.put("dbms.memory.transaction.total.max", txMemory);
        conf.put("db.tx_log.rotation.retention_policy", "2 files");
        conf.put("dbms.usage_report.enabled", "false");

        // Settings go through a generated neo4j.conf (the builder takes typed settings or a file).
        StringBuilder text = new StringBuilder("# written by the ecograph launcher on each start\n");
        conf.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path confFile = home.resolve("ecograph-neo4j.conf");
        Files.writeString(confFile, text.toString(), StandardCharsets.UTF_8);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(confFile)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("ecograph-neo4j: stopping");
            dbms.shutdown();
            System.out.println("ecograph-neo4j: stopped");
            stopped.countDown();
        }, "ecograph-neo4j-shutdown"));

        setPassword(dbms.database("system"), password);
        // Touch the default database so that it is online before we report ready.
        dbms.database("neo4j").executeTransactionally("RETURN 1");

        Path ready = home.resolve("ready");
        Path tmp = home.resolve("ready.tmp");
        Files.writeString(tmp, "bolt://127.0.0.1:" + port + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("ecograph-neo4j: ready on bolt://127.0.0.1:" + port);
        stopped.await();
    }

    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (QueryExecutionException e) {
            // Neo4j refuses to set the password it already has; anything else is a real failure.
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static void fail(String message) {
        System.err.println("ecograph-neo4j: " + message);
        System.exit(2);
    }
}
