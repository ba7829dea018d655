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
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 50 });
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
