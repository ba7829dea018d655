// The read pool: a small `pg` pool beside Prisma, on the same DATABASE_URL, for the reads that run on
// every page or stream a long history. Writes stay with Prisma, except one: the audit entry of an
// action that changes nothing else (a view), one autocommitted insert (lib/audit/append.ts).
//
// Why: measured on 100,000 web events, Prisma's raw queries grew the process by about 120 MB of
// short-lived objects per pass (its result pipeline builds several objects per row), while the same
// keyset pages through `pg` stayed within about 30 MB; and on the hot path of a page, a read here
// costs about half of the same read through Prisma.
//
// By default every statement is unnamed (Parse/Bind/Execute without a name): nothing is left on the
// server connection between statements, so the pool is correct behind a transaction-pooling
// connection pooler (PgBouncer in transaction mode) and however connections come and go. With
// DATABASE_PREPARED_STATEMENTS=true (a direct connection to PostgreSQL only), the hot reads are named
// after their text and planned once per connection; `pg` keeps track of what each connection has
// prepared. Decision 0015 has the measured difference.
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
      idleTimeoutMillis: Number(process.env.READ_POOL_IDLE_MS ?? 10_000),
      connectionTimeoutMillis: 10_000,
      allowExitOnIdle: true,
    });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    p.on("error", () => undefined);
    holder.portalReadPool = p;
  }
  return holder.portalReadPool;
}

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `portal_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

export function preparedStatementsEnabled(): boolean {
  return process.env.DATABASE_PREPARED_STATEMENTS === "true";
}

/**
 * A read on the pool, its values all parameters. `prepare` marks a statement worth planning once per
 * connection (fixed text, run on every page); it takes effect only where named statements are
 * enabled.
 */
export async function query<T>(
  text: string,
  values: unknown[],
  opts: { prepare?: boolean } = {},
): Promise<T[]> {
  const name = opts.prepare && preparedStatementsEnabled() ? statementName(text) : undefined;
  return (await pool().query({ text, values, name })).rows as T[];
}
