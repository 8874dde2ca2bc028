package io.graphmodel.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs a Neo4j Community DBMS (embedded) with only a Bolt connector on 127.0.0.1.
 *
 * <pre>
 * Launcher --home DIR --bolt-port N --password-file FILE --ready-file FILE [--pagecache-mb N]
 *          [--lock-timeout-ms N] [--transaction-memory-mb N] [--total-transaction-memory-mb N]
 * </pre>
 *
 * The password is read from a file so that it never appears in the process list. On the
 * first start it becomes the {@code neo4j} user's password before the DBMS exists (Neo4j's
 * own {@code dbms set-initial-password}, run in this process): the server never has a
 * default password, not even for the moment between Bolt opening and a first login.
 * The ready file (JSON) is written once Bolt accepts connections; SIGTERM shuts down cleanly.
 */
public final class Launcher {
    private static final String HOST = "127.0.0.1";

    private Launcher() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1); // Neo4j threads are not daemons: exit explicitly (runs the shutdown hook)
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> opts = parseArgs(args);
        Path home = Path.of(required(opts, "--home")).toAbsolutePath();
        int port = Integer.parseInt(required(opts, "--bolt-port"));
        Path passwordFile = Path.of(required(opts, "--password-file"));
        Path readyFile = Path.of(required(opts, "--ready-file")).toAbsolutePath();
        long pagecacheMb = Long.parseLong(opts.getOrDefault("--pagecache-mb", "256"));
        // Limits the fault tests set (0: Neo4j's defaults, no limit).
        long lockTimeoutMs = Long.parseLong(opts.getOrDefault("--lock-timeout-ms", "0"));
        long transactionMemoryMb = Long.parseLong(opts.getOrDefault("--transaction-memory-mb", "0"));
        long totalTransactionMemoryMb = Long.parseLong(opts.getOrDefault("--total-transaction-memory-mb", "0"));

        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IllegalArgumentException("password file is empty: " + passwordFile);
        }
        Files.deleteIfExists(readyFile);
        if (isFirstStart(home)) {
            setInitialPassword(home, password);
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.out))
                .setConfig(GraphDatabaseSettings.logs_directory, home.resolve("logs"))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecacheMb * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.lock_acquisition_timeout, Duration.ofMillis(lockTimeoutMs))
                // One query may not take the heap: past these it fails, and the server lives on.
                .setConfig(GraphDatabaseSettings.memory_tracking, true)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, transactionMemoryMb * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                        totalTransactionMemoryMb * 1024 * 1024)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Netty's default 5 s quiet period (twice) would make every stop take ~10 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                .build();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(readyFile);
            } catch (IOException ignored) {
                // best effort
            }
            System.out.println("graphmodel launcher: shutting down");
            dbms.shutdown();
            System.out.println("graphmodel launcher: stopped");
        }, "graphmodel-shutdown"));

        waitForBolt(port);
        writeReadyFile(readyFile, port);
        System.out.println("graphmodel launcher: ready, bolt on " + HOST + ":" + port);

        new CountDownLatch(1).await(); // park until SIGTERM (the shutdown hook does the work)
    }

    /** No database has ever been created in {@code home}: the auth database does not exist yet. */
    private static boolean isFirstStart(Path home) {
        return !Files.exists(home.resolve("data").resolve("databases").resolve("system"));
    }

    /**
     * Neo4j's {@code dbms set-initial-password}, in this process (the password is never an
     * argument of any process): it writes {@code data/dbms/auth.ini}, which the first start
     * turns into the {@code neo4j} user, with no change required at login.
     */
    private static void setInitialPassword(Path home, String password) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ExecutionContext ctx = new ExecutionContext(home, home.resolve("conf"), quiet, quiet,
                new DefaultFileSystemAbstraction());
        int code = new CommandLine(new SetInitialPasswordCommand(ctx)).execute("--", password);  // "--": a password may start with "-"
        if (code != 0) {
            throw new IllegalStateException("setting the initial password failed (exit " + code + ")");
        }
    }

    private static void waitForBolt(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt did not accept connections on port " + port, e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static void writeReadyFile(Path readyFile, int port) throws IOException {
        String json = "{\"bolt_port\": " + port + ", \"pid\": " + ProcessHandle.current().pid() + "}\n";
        Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing required option " + name);
        }
        return v;
    }
}
