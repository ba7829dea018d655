// Building blocks for feeds: small in-memory ones, and keyset-paginated SQL ones that read a large
// history a page at a time (newest first), fetching the next page while the current one is used.
//
// Why the long reads go through `pg` and not Prisma: measured on 100,000 web events, Prisma's raw
// queries grew the process by about 120 MB of short-lived objects per pass (its result pipeline
// builds several objects per row), while the same keyset pages through `pg` stayed within about
// 30 MB. The copy must stream with flat memory, so these reads use a small `pg` pool of their own on
// the same DATABASE_URL (PostgreSQL or the embedded database alike). Writes stay with Prisma.
import pg from "pg";
import type { Feed, Row, SectionSpec } from "./types";

export const PAGE_SIZE = 500;

/** A feed over rows already in memory (a person's own record, a partner's answer). */
export function arrayFeed(sections: readonly SectionSpec[], rows: readonly Row[]): Feed {
  return {
    sections,
    count: async () => rows.length,
    rows: (opts = {}) => {
      const start = opts.offset ?? 0;
      const end = opts.limit === undefined ? rows.length : start + opts.limit;
      return (async function* () {
        yield* rows.slice(start, end);
      })();
    },
  };
}

type RawRow = Record<string, unknown> & { _t: string; _id: string };

export type SqlFeedSpec = {
  sections: readonly SectionSpec[];
  /** FROM clause (constant SQL, never input). */
  from: string;
  /** Filter on the person; `$1` is the person id. */
  where: string;
  /** The time and id expressions that order the rows (newest first) and page them. */
  time: string;
  id: string;
  /** Select list (constant SQL); timestamps through `isoSql` come back as ISO 8601 strings. */
  select: string;
  idIsBigInt?: boolean;
  map: (raw: Record<string, unknown>) => Row;
};

/** A timestamp column (stored as UTC without zone) as an ISO 8601 string, formatted by the database. */
export function isoSql(column: string): string {
  return `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * A feed read with keyset pagination: `(time, id) < (last time, last id)` on an index, so page N
 * costs the same as page 1 and memory stays at two small pages whatever the history's length.
 * Identifiers come from the spec (constants); the person id and the keys are bound parameters.
 */
export function sqlFeed(personId: string, spec: SqlFeedSpec, pageSize = PAGE_SIZE): Feed {
  const base = `SELECT ${isoSql(spec.time)} AS "_t", ${spec.id}::text AS "_id", ${spec.select} FROM ${spec.from} WHERE ${spec.where}`;
  const order = `ORDER BY ${spec.time} DESC, ${spec.id} DESC`;
  const idCast = spec.idIsBigInt ? "bigint" : "text";
  const first = (limit: number, offset: number) =>
    query<RawRow>(`${base} ${order} LIMIT $2 OFFSET $3`, [personId, limit, offset]);
  const after = (t: string, id: string, limit: number) =>
    query<RawRow>(
      `${base} AND (${spec.time}, ${spec.id}) < (($2::timestamptz AT TIME ZONE 'UTC'), $3::${idCast}) ${order} LIMIT $4`,
      [personId, t, id, limit],
    );
  return {
    sections: spec.sections,
    count: async () => {
      const r = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${spec.from} WHERE ${spec.where}`,
        [personId],
      );
      return r[0]?.n ?? 0;
    },
    rows: (opts = {}) =>
      (async function* () {
        let remaining = opts.limit ?? Number.POSITIVE_INFINITY;
        let want = Math.min(pageSize, remaining);
        let pending: Promise<RawRow[]> | null = want > 0 ? first(want, opts.offset ?? 0) : null;
        while (pending) {
          const page = await pending;
          remaining -= page.length;
          const last = page[page.length - 1];
          pending = null;
          if (last && page.length === want && remaining > 0) {
            want = Math.min(pageSize, remaining);
            pending = after(last._t, last._id, want);
            // Handled where it is awaited; this only keeps an abandoned prefetch from crashing the process.
            pending.catch(() => undefined);
          }
          for (let i = 0; i < page.length; i++) {
            const raw = page[i]!;
            // Let each row go as soon as it is used, not when the whole page is done.
            page[i] = undefined as unknown as RawRow;
            yield spec.map(raw);
          }
        }
      })(),
  };
}

// ---------------------------------------------------------------------------------------------

const holder = globalThis as unknown as { portalFeedPool?: pg.Pool };

function pool(): pg.Pool {
  if (!holder.portalFeedPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const p = new pg.Pool({
      connectionString,
      max: 2,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: 10_000,
      allowExitOnIdle: true,
    });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    p.on("error", () => undefined);
    holder.portalFeedPool = p;
  }
  return holder.portalFeedPool;
}

/**
 * A read on the feed pool. Also used for the few small reads on the copy's path (the person's record,
 * the data map): each distinct Prisma query costs the worker several MB the first time it runs
 * (its query compiler), which a fresh build process would otherwise pay in full.
 */
export async function query<T>(text: string, values: unknown[]): Promise<T[]> {
  const result = await pool().query(text, values);
  return result.rows as T[];
}

/** For scripts and tests that end the process's database use explicitly. */
export async function closeFeedPool(): Promise<void> {
  const p = holder.portalFeedPool;
  holder.portalFeedPool = undefined;
  await p?.end();
}

export function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : value == null ? null : String(value);
}

export function isoDate(value: unknown): string | null {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value == null ? null : String(value);
}

export function str(value: unknown): string | null {
  return value == null ? null : String(value);
}

export function int(value: unknown): number | null {
  return value == null ? null : Number(value);
}
