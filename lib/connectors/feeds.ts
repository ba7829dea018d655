// Building blocks for feeds: small in-memory ones, and keyset-paginated SQL ones that read a large
// history a page at a time (newest first), fetching the next page while the current one is used.
import { db } from "../db";
import type { Feed, Row, SectionSpec } from "./types";

export const PAGE_SIZE = Number(process.env.COPY_PAGE ?? 5_000);

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

type RawRow = Record<string, unknown> & { _t: Date; _id: string | bigint };

export type SqlFeedSpec = {
  sections: readonly SectionSpec[];
  /** FROM clause (constant SQL, never input). */
  from: string;
  /** Filter on the person; `$1` is the person id. */
  where: string;
  /** The time and id expressions that order the rows (newest first) and page them. */
  time: string;
  id: string;
  /** Select list (constant SQL). */
  select: string;
  idIsBigInt?: boolean;
  map: (raw: Record<string, unknown>) => Row;
};

/**
 * A feed read with keyset pagination: `(time, id) < (last time, last id)` on an index, so page N
 * costs the same as page 1 and memory stays at two pages whatever the history's length.
 * Identifiers come from the spec (constants); the person id and the keys are bound parameters.
 */
export function sqlFeed(personId: string, spec: SqlFeedSpec, pageSize = PAGE_SIZE): Feed {
  const base = `SELECT ${spec.time} AS "_t", ${spec.id} AS "_id", ${spec.select} FROM ${spec.from} WHERE ${spec.where}`;
  const order = `ORDER BY ${spec.time} DESC, ${spec.id} DESC`;
  const idCast = spec.idIsBigInt ? "bigint" : "text";
  const first = (limit: number, offset: number) =>
    db.$queryRawUnsafe<RawRow[]>(`${base} ${order} LIMIT $2 OFFSET $3`, personId, limit, offset);
  const after = (t: Date, id: string | bigint, limit: number) =>
    db.$queryRawUnsafe<RawRow[]>(
      `${base} AND (${spec.time}, ${spec.id}) < (($2::timestamptz AT TIME ZONE 'UTC'), $3::${idCast}) ${order} LIMIT $4`,
      personId,
      t.toISOString(),
      typeof id === "bigint" ? id.toString() : id,
      limit,
    );
  return {
    sections: spec.sections,
    count: async () => {
      const r = await db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ${spec.from} WHERE ${spec.where}`,
        personId,
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
          for (const raw of page) yield spec.map(raw);
        }
      })(),
  };
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
