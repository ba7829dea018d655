// Tests only: searches the whole database for a person's data. Every text, varchar, json(b), array
// and bytea column of every table in the public and pgboss schemas (found through
// information_schema, so a table added later is scanned too); bytea values are also decrypted with
// every data key that still exists. Plus every file under a folder (EXPORT_DIR).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { decryptWith, existingDataKey } from "../lib/crypto/keys";
import { db } from "../lib/db";

export type Hit = { where: string; rowId: string | null; needle: string };

type Column = { table_schema: string; table_name: string; column_name: string; data_type: string };

/**
 * `exclude` names rows allowed to hold the data (held records), by table name and id.
 * Needles are matched case-insensitively.
 */
export async function scanDatabase(
  needles: string[],
  exclude: Record<string, string[]> = {},
): Promise<Hit[]> {
  const lower = needles.filter(Boolean).map((n) => n.toLowerCase());
  const columns = await db.$queryRaw<Column[]>`
    SELECT c.table_schema, c.table_name, c.column_name, c.data_type
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema IN ('public', 'pgboss') AND t.table_type = 'BASE TABLE'
      AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')
    ORDER BY c.table_schema, c.table_name, c.ordinal_position`;
  const byTable = new Map<string, Column[]>();
  for (const c of columns) {
    const key = `${c.table_schema}.${c.table_name}`;
    byTable.set(key, [...(byTable.get(key) ?? []), c]);
  }
  const keys = await allDataKeys();
  const hits: Hit[] = [];
  for (const [table, cols] of byTable) {
    const [schema, name] = table.split(".") as [string, string];
    const hasId =
      (
        await db.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'id'`,
          schema,
          name,
        )
      )[0]!.n > 0;
    const idExpr = hasId ? `"id"::text` : `ctid::text`;
    const excluded = new Set(exclude[name] ?? []);
    const textCols = cols.filter((c) => c.data_type !== "bytea");
    if (textCols.length) {
      const blob = `concat_ws(' ', ${textCols.map((c) => `"${c.column_name}"::text`).join(", ")})`;
      const rows = await db.$queryRawUnsafe<{ rowid: string; blob: string }[]>(
        `SELECT ${idExpr} AS rowid, ${blob} AS blob FROM "${schema}"."${name}"
         WHERE lower(${blob}) LIKE ANY ($1::text[])`,
        lower.map((n) => `%${n.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`),
      );
      for (const r of rows) {
        if (hasId && excluded.has(r.rowid)) continue;
        for (const n of lower)
          if (r.blob.toLowerCase().includes(n)) hits.push({ where: table, rowId: r.rowid, needle: n });
      }
    }
    for (const c of cols.filter((col) => col.data_type === "bytea")) {
      const rows = await db.$queryRawUnsafe<{ rowid: string; value: Uint8Array }[]>(
        `SELECT ${idExpr} AS rowid, "${c.column_name}" AS value FROM "${schema}"."${name}" WHERE "${c.column_name}" IS NOT NULL`,
      );
      for (const r of rows) {
        if (hasId && excluded.has(r.rowid)) continue;
        const plain = [Buffer.from(r.value).toString("utf8")];
        for (const key of keys) {
          try {
            plain.push(decryptWith(key, r.value) ?? "");
          } catch {
            // Not encrypted with this key.
          }
        }
        const text = plain.join(" ").toLowerCase();
        for (const n of lower)
          if (text.includes(n)) hits.push({ where: `${table}.${c.column_name}`, rowId: r.rowid, needle: n });
      }
    }
  }
  return hits;
}

/** Files under `dir` (recursively) whose bytes contain a needle. */
export function scanFiles(dir: string, needles: string[]): Hit[] {
  const lower = needles.filter(Boolean).map((n) => n.toLowerCase());
  const hits: Hit[] = [];
  if (!existsSync(dir)) return hits;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const p = path.join(entry.parentPath, entry.name);
    const text = readFileSync(p).toString("utf8").toLowerCase();
    for (const n of lower)
      if (text.includes(n) || entry.name.toLowerCase().includes(n))
        hits.push({ where: p, rowId: null, needle: n });
  }
  return hits;
}

async function allDataKeys(): Promise<Buffer[]> {
  const rows = await db.dataKey.findMany({ select: { personId: true } });
  const keys: Buffer[] = [];
  for (const r of rows) {
    const key = await existingDataKey(db, r.personId);
    if (key) keys.push(key);
  }
  return keys;
}
