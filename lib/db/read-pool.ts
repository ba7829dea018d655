// The read pool: a small `pg` pool beside Prisma, on the same DATABASE_URL (PostgreSQL or the
// embedded database alike), for the reads that run on every page or stream a long history. Writes
// stay with Prisma.
//
// Why: measured on 100,000 web events, Prisma's raw queries grew the process by about 120 MB of
// short-lived objects per pass (its result pipeline builds several objects per row), while the same
// keyset pages through `pg` stayed within about 30 MB; and on the hot path of a page, a read here
// costs about half of the same read through Prisma, and a prepared statement skips planning.
import { createHash } from "node:crypto";
import pg from "pg";

const holder = globalThis as unknown as { portalReadPool?: pg.Pool };

function pool(): pg.Pool {
  if (!holder.portalReadPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const p = new pg.Pool({
      connectionString,
      // A page view holds a connection for one statement at a time; a copy reads a page ahead on a
      // second.
      max: Number(process.env.READ_POOL_SIZE ?? 4),
      application_name: process.env.DATABASE_APP_NAME ?? "privacy-portal",
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: 10_000,
      allowExitOnIdle: true,
    });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    p.on("error", () => undefined);
    holder.portalReadPool = p;
  }
  return holder.portalReadPool;
}

/**
 * A read on the pool. `prepare` names the statement after its text, so each connection plans it
 * once: for statements whose text is fixed and whose values are all parameters.
 * Also used for the small reads on the copy's path (the person's record, the data map): each
 * distinct Prisma query costs the worker several MB the first time it runs (its query compiler),
 * which a fresh build process would otherwise pay in full.
 */
export async function query<T>(
  text: string,
  values: unknown[],
  opts: { prepare?: boolean } = {},
): Promise<T[]> {
  if (!opts.prepare) return (await pool().query(text, values)).rows as T[];
  const client = await pool().connect();
  try {
    // The name carries the process and the connection as well: the embedded database serves every
    // connection of every process from one backend, where statements of one name would collide.
    const name = `portal_${process.pid}_${clientNumber(client)}_${createHash("sha256").update(text).digest("base64url").slice(0, 20)}`;
    const result = await client.query({ text, values, name });
    client.release();
    return result.rows as T[];
  } catch (err) {
    // As pool.query does: a connection that failed a query is not reused.
    client.release(err as Error);
    throw err;
  }
}

const clientNumbers = new WeakMap<pg.PoolClient, number>();
let nextClientNumber = 1;

function clientNumber(client: pg.PoolClient): number {
  let n = clientNumbers.get(client);
  if (n === undefined) {
    n = nextClientNumber++;
    clientNumbers.set(client, n);
  }
  return n;
}

/** For scripts and tests that end the process's database use explicitly. */
export async function closeReadPool(): Promise<void> {
  const p = holder.portalReadPool;
  holder.portalReadPool = undefined;
  await p?.end();
}
