package io.engagebridge.devdb;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs the embedded PostgreSQL for the local run: {@code java -jar dev-database.jar PORT DATA_DIR DB...}.
 * Creates each named database, prints one "READY" line, and stops the server on SIGTERM/Ctrl-C.
 */
public final class DevDatabaseMain {

    private DevDatabaseMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: java -jar dev-database.jar PORT DATA_DIR DATABASE...");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        DevDatabase db = DevDatabase.start(port, Path.of(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(db::close, "dev-database-stop"));
        for (String name : List.of(args).subList(2, args.length)) {
            db.ensureDatabase(name);
        }
        System.out.println("READY postgresql://127.0.0.1:" + db.port() + " user=" + db.user());
        Thread.currentThread().join();
    }
}
