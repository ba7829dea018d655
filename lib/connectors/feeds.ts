// Building blocks for feeds: small in-memory ones, and keyset-paginated SQL ones that read a large
// history a page at a time (newest first), fetching the next page while the current one is used.
// They read through the read pool (lib/db/read-pool.ts), not Prisma.
import { query } from "../db/read-pool";
import type { Column, ColumnType, Feed, Row, SectionSpec, ValueDomain } from "./types";

export const PAGE_SIZE = 500;

/** A section's column: its type, or its type and what its values are. */
export type ColumnSpec = ColumnType | readonly [ColumnType, ValueDomain];

/** A section's columns, in order, from `{ key: type }`. */
export function columnsOf(spec: Record<string, ColumnSpec>): Column[] {
  return Object.entries(spec).map(([key, type]) =>
    typeof type === "string" ? { key, type } : { key, type: type[0], values: type[1] },
  );
}

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
  /** The feed's kept total in "PersonTotal" (a word): read instead of counting the rows. */
  total?: string;
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
  if (spec.total !== undefined && !/^\w+$/.test(spec.total)) throw new Error("a total's key is a word");
  const countSql =
    spec.total === undefined
      ? `SELECT count(*)::int FROM ${spec.from} WHERE ${spec.where}`
      : `SELECT COALESCE((SELECT n FROM "PersonTotal" WHERE "personId" = $1 AND section = '${spec.total}'), 0) AS count`;
  const idCast = spec.idIsBigInt ? "bigint" : "text";
  const first = (limit: number, offset: number) =>
    query<RawRow>(`${base} ${order} LIMIT $2 OFFSET $3`, [personId, limit, offset]);
  const after = (t: string, id: string, limit: number) =>
    query<RawRow>(
      `${base} AND (${spec.time}, ${spec.id}) < (($2::timestamptz AT TIME ZONE 'UTC'), $3::${idCast}) ${order} LIMIT $4`,
      [personId, t, id, limit],
    );
  const feed: Feed = {
    sections: spec.sections,
    count: async () => {
      const r = await query<{ count: number }>(countSql, [personId]);
      return r[0]?.count ?? 0;
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
  windowed.set(feed, {
    personId,
    count: countSql,
    // A window as one JSON array, in the feed's order (numbered before aggregating).
    window: (limit, offset) =>
      `SELECT COALESCE(json_agg(w ORDER BY w."_n"), '[]'::json) FROM (SELECT row_number() OVER () AS "_n", v.* FROM (${base} ${order} LIMIT ${limit} OFFSET ${offset}) v) w`,
    map: spec.map,
  });
  return feed;
}

type WindowSql = {
  personId: string;
  count: string;
  /** `limit` and `offset` are parameter placeholders. */
  window: (limit: string, offset: string) => string;
  map: (raw: Record<string, unknown>) => Row;
};

/** SQL feeds whose count and one window can be read together with other feeds' (readWindows). */
const windowed = new WeakMap<Feed, WindowSql>();

export type WindowRequest = { feed: Feed; offset: number; limit: number };
export type FeedWindow = { total: number; rows: Row[] };

/**
 * The one statement that reads the SQL feeds' totals and windows (`c<i>`, `r<i>`), its parameters,
 * and for each request its feed's place in it (null: not a SQL feed of this person, read by itself).
 */
export function windowsStatement(requests: readonly WindowRequest[]) {
  const columns: string[] = [];
  const totals: string[] = [];
  const values: unknown[] = [];
  const batched = requests.map((r) => {
    const sql = windowed.get(r.feed);
    if (!sql || (values.length > 0 && sql.personId !== values[0])) return null;
    if (!Number.isSafeInteger(r.offset) || r.offset < 0 || !Number.isSafeInteger(r.limit) || r.limit < 0) {
      throw new RangeError("window offset and limit must be non-negative integers");
    }
    if (values.length === 0) values.push(sql.personId);
    values.push(r.limit, r.offset);
    const i = columns.length / 2;
    const window = sql.window(`$${values.length - 1}::int`, `$${values.length}::int`);
    // The window is read only when the feed holds rows: PostgreSQL runs a subquery when the CASE
    // reaches it. An empty feed's window can cost the most (the newest order with a shipment, of a
    // person whose orders have none, means every order), and its kept total already says "none".
    totals.push(`(${sql.count}) AS n${i}`);
    columns.push(`k.n${i} AS "c${i}"`, `CASE WHEN k.n${i} > 0 THEN (${window}) END AS "r${i}"`);
    return { sql, i };
  });
  return {
    // OFFSET 0 keeps the totals a subquery of their own, each computed once.
    sql: `SELECT ${columns.join(", ")} FROM (SELECT ${totals.join(", ")} OFFSET 0) k`,
    values,
    batched,
  };
}

/**
 * The total and one window of rows of several feeds of one person: the SQL feeds in a single
 * statement (one round trip, however many categories a page shows), any others one by one.
 */
export async function readWindows(requests: readonly WindowRequest[]): Promise<FeedWindow[]> {
  const { sql, values, batched } = windowsStatement(requests);
  // The statement's text depends only on which feeds are read, so where named statements are
  // enabled it is prepared once per connection: planning thirty subqueries costs more than running
  // them.
  const row =
    values.length === 0
      ? {}
      : ((await query<Record<string, unknown>>(sql, values, { prepare: true }))[0] ?? {});
  return Promise.all(
    requests.map(async (r, n) => {
      const b = batched[n];
      if (!b) {
        const rows: Row[] = [];
        for await (const x of r.feed.rows({ offset: r.offset, limit: r.limit })) rows.push(x);
        return { total: await r.feed.count(), rows };
      }
      const raw = (row[`r${b.i}`] ?? []) as Record<string, unknown>[];
      return { total: Number(row[`c${b.i}`] ?? 0), rows: raw.map((x) => b.sql.map(x)) };
    }),
  );
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
