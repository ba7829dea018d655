// The zero-setup database: PGlite (PostgreSQL compiled to WebAssembly) served on a loopback port, so
// the web server, the worker, migrations and tests all talk to it through the same `pg` driver they
// use against a real PostgreSQL server.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import net from "node:net";

export type EmbeddedDatabase = { url: string; port: number; close: () => Promise<void> };

export async function startEmbeddedDatabase(opts: {
  dataDir?: string; // undefined: in memory
  port?: number; // 0 or undefined: a free port
}): Promise<EmbeddedDatabase> {
  const db = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite();
  await db.waitReady;
  const port = opts.port || (await freePort());
  const server = new PGLiteSocketServer({
    db: wholeCycles(db),
    host: "127.0.0.1",
    port,
    maxConnections: 50,
  });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}

// Extended-protocol messages that a Sync must follow: between them, the backend holds the connection's
// unnamed statement and portal.
const MID_CYCLE = new Set("PBDECH".split("").map((c) => c.charCodeAt(0)));

/**
 * The socket server queues each connection's messages one by one for the single backend, and keeps
 * other connections out only while a transaction is open. A connection's Parse, Bind, Execute…
 * up to its Sync can arrive in several chunks, and another connection's Parse in between replaces
 * the unnamed statement ("bind message supplies 8 parameters, but prepared statement requires 2").
 * So the backend also counts as in a transaction from such a message until the Sync: the queue then
 * serves that connection alone until its cycle is complete.
 */
function wholeCycles(db: PGlite): PGlite {
  let midCycle = false;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "isInTransaction") return () => midCycle || target.isInTransaction();
      if (prop === "execProtocolRawStream") {
        return async (message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]) => {
          const result = await target.execProtocolRawStream(message, options);
          midCycle = message.length > 0 && MID_CYCLE.has(message[0]!);
          return result;
        };
      }
      if (prop === "exec") {
        // Only the server's own ROLLBACK for a connection that went away: it ends any cycle too.
        return (...args: Parameters<PGlite["exec"]>) => {
          midCycle = false;
          return target.exec(...args);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
