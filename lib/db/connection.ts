// Where the database is: DATABASE_URL when set, otherwise the embedded PGlite in `.data/pglite`,
// served on a loopback port for the life of this process.
import path from "node:path";
import { mkdirSync } from "node:fs";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";

export const DATA_DIR = path.resolve(process.cwd(), process.env.PORTAL_DATA_DIR ?? ".data");

let embedded: EmbeddedDatabase | undefined;

export async function ensureDatabaseUrl(): Promise<{ url: string; embedded: boolean }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false };
  if (!embedded) {
    const dataDir = path.join(DATA_DIR, "pglite");
    mkdirSync(dataDir, { recursive: true });
    embedded = await startEmbeddedDatabase({
      dataDir,
      port: process.env.EMBEDDED_DB_PORT ? Number(process.env.EMBEDDED_DB_PORT) : undefined,
    });
    process.env.DATABASE_URL = embedded.url;
  }
  return { url: embedded.url, embedded: true };
}

export async function closeEmbeddedDatabase(): Promise<void> {
  if (embedded) {
    await embedded.close();
    embedded = undefined;
    delete process.env.DATABASE_URL;
  }
}
