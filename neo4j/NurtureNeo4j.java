// Tiny launcher for a local Neo4j Community server (tests and development).
//
// Runs the real server entry point (org.neo4j.server.CommunityBootstrapper, the one
// `neo4j console` uses) in this JVM: Bolt only on 127.0.0.1:<port>, HTTP/HTTPS off,
// auth on with user `neo4j` and the given password, everything under <dir>.
//
// Usage (classpath from `mvn -f neo4j/pom.xml dependency:build-classpath`):
//   NURTURE_NEO4J_PASSWORD=secret123 java -cp <classpath> neo4j/NurtureNeo4j.java \
//       --port 7687 --dir /tmp/neo4j-run [--pagecache 64m] [--config key=value]... [--watch-stdin]
// (`--password P` also works, but the env var keeps the password out of `ps`.)
//
// Prints `NURTURE_NEO4J_READY bolt://127.0.0.1:<port>` on stdout once the server has
// started. SIGTERM / SIGINT stop it cleanly (Neo4j's own signal handlers).
// --watch-stdin: also stop cleanly when stdin reaches EOF, i.e. when the parent that
// holds the other end of the pipe dies (even by SIGKILL), so no orphan server is left.

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.server.CommunityBootstrapper;
import org.neo4j.server.NeoBootstrapper;
import picocli.CommandLine;

public class NurtureNeo4j {
    public static final String READY = "NURTURE_NEO4J_READY";

    public static void main(String[] args) throws Exception {
        int port = -1;
        String dir = null;
        String password = System.getenv("NURTURE_NEO4J_PASSWORD");
        String pagecache = "64m";
        boolean watchStdin = false;
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> { port = Integer.parseInt(need(a, v)); i++; }
                case "--dir" -> { dir = need(a, v); i++; }
                case "--password" -> { password = need(a, v); i++; }
                case "--pagecache" -> { pagecache = need(a, v); i++; }
                case "--config" -> {
                    String kv = need(a, v);
                    if (!kv.contains("=")) fail("--config needs key=value, got " + kv);
                    extra.add(kv);
                    i++;
                }
                case "--watch-stdin" -> watchStdin = true;
                default -> fail("unknown argument: " + a);
            }
        }
        if (port <= 0 || port > 65535) fail("--port N is required");
        if (dir == null) fail("--dir DIR is required");
        if (password == null || password.length() < 8) {
            fail("a password of at least 8 characters is required (NURTURE_NEO4J_PASSWORD or --password)");
        }

        Path home = Path.of(dir).toAbsolutePath().normalize();
        Path conf = home.resolve("conf");
        Files.createDirectories(conf);
        String address = "127.0.0.1:" + port;
        List<String> lines = new ArrayList<>(List.of(
                "server.default_listen_address=127.0.0.1",
                "server.default_advertised_address=127.0.0.1",
                "server.bolt.enabled=true",
                "server.bolt.listen_address=" + address,
                "server.bolt.advertised_address=" + address,
                "server.bolt.tls_level=DISABLED",
                "server.http.enabled=false",
                "server.https.enabled=false",
                "dbms.security.auth_enabled=true",
                "server.memory.pagecache.size=" + pagecache,
                // Throwaway databases: no 250 MB preallocated transaction logs, keep few.
                "db.tx_log.preallocate=false",
                "db.tx_log.rotation.retention_policy=false",
                "dbms.usage_report.enabled=false",
                // Bolt's netty shutdown otherwise idles ~5 s per event loop group (10 s stop).
                "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
                "internal.dbms.bolt.netty_server_shutdown_timeout=2s"));
        lines.addAll(extra);
        Files.write(conf.resolve("neo4j.conf"), lines, StandardCharsets.UTF_8);

        // Equivalent of `neo4j-admin dbms set-initial-password <pw>`: writes data/dbms/auth.ini,
        // so user neo4j logs in with this password and no forced change.
        if (!Files.exists(home.resolve("data/dbms/auth.ini"))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
            var ctx = new ExecutionContext(home, conf, ps, ps, new org.neo4j.io.fs.DefaultFileSystemAbstraction());
            int rc = new CommandLine(new SetInitialPasswordCommand(ctx)).execute(password);
            if (rc != 0) {
                fail("set-initial-password failed (" + rc + "): " + buf.toString(StandardCharsets.UTF_8));
            }
        }

        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() != -1) {
                        // ignore input
                    }
                } catch (IOException ignored) {
                    // treat like EOF
                }
                System.err.println("NurtureNeo4j: stdin closed (parent gone), shutting down");
                System.exit(0); // runs Neo4j's shutdown hook: clean stop
            }, "nurture-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        // Same as CommunityEntryPoint.main, but we learn the outcome and can print a ready line.
        int status = NeoBootstrapper.start(new CommunityBootstrapper(),
                "--home-dir=" + home, "--config-dir=" + conf, "--console-mode");
        if (status != 0) {
            System.err.println("NURTURE_NEO4J_FAILED status=" + status + " (see " + home.resolve("logs") + ")");
            System.exit(status);
        }
        System.out.println(READY + " bolt://" + address);
        System.out.flush();
        // The server's non-daemon threads keep the JVM alive until SIGTERM/SIGINT.
    }

    private static String need(String flag, String value) {
        if (value == null) fail(flag + " needs a value");
        return value;
    }

    private static void fail(String msg) {
        System.err.println("NurtureNeo4j: " + msg);
        System.exit(2);
    }
}
