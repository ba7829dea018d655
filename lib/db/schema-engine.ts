// Offline migrations through Prisma's own schema engine compiled to WebAssembly.
// The native engine is downloaded at install time, which this project cannot rely on; the Wasm build
// speaks the same protocol and writes the standard `_prisma_migrations` table, so production can
// still use `prisma migrate deploy`.
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine as SchemaEngineType } from "@prisma/schema-engine-wasm";

export const PRISMA_DIR = path.resolve(process.cwd(), "prisma");
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");

const NO_FILTERS = { externalTables: [], externalEnums: [] };

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
let gluePromise: Promise<Glue> | undefined;

async function loadEngine(): Promise<Glue> {
  gluePromise ??= (async () => {
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bytes = readFileSync(path.join(dir, "schema_engine_bg.wasm"));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as unknown as { __wbindgen_start: () => void };
    (glue as unknown as { __wbg_set_wasm: (e: unknown) => void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue;
  })();
  return gluePromise;
}

export function readSchema(): string {
  return readFileSync(SCHEMA_PATH, "utf8");
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: lockPath,
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => {
      const file = path.join(dir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok" as const, value: readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `missing ${file}` },
        },
      };
    }),
  };
}

async function engineFor(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schema: string,
  log: (line: string) => void = () => {},
): Promise<SchemaEngineType> {
  const glue = await loadEngine();
  return glue.SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(factory) as never,
  );
}

type ScriptRunner = {
  executeScript(script: string): Promise<void>;
  client: { query(sql: string): Promise<unknown> };
  onError(err: unknown): never;
};

/**
 * adapter-pg runs a migration script by splitting it on every ";", which breaks function bodies
 * (dollar-quoted PL/pgSQL). PostgreSQL's simple query protocol takes the whole script at once.
 */
function wholeScriptAdapter(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg({
    connectionString: databaseUrl,
  }) as unknown as SqlMigrationAwareDriverAdapterFactory;
  const patch = <T>(adapter: T): T => {
    const runner = adapter as unknown as ScriptRunner;
    runner.executeScript = async (script: string) => {
      try {
        await runner.client.query(script);
      } catch (err) {
        runner.onError(err);
      }
    };
    return adapter;
  };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => patch(await connect());
  return factory;
}

/** Applies the migrations that are not yet in the database. Idempotent. */
export async function deployMigrations(
  databaseUrl: string,
  migrations = readMigrations(),
): Promise<string[]> {
  const engine = await engineFor(wholeScriptAdapter(databaseUrl), readSchema());
  try {
    const out = await engine.applyMigrations({ migrationsList: migrations, filters: NO_FILTERS });
    return out.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * SQL that would take the database produced by the migrations to the schema in schema.prisma.
 * An in-memory PGlite serves as the shadow database, never the real one.
 */
export async function diffMigrationsToSchema(
  schema = readSchema(),
  migrations = readMigrations(),
): Promise<{ changed: boolean; sql: string }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const shadow = new PGlite();
  const engine = await engineFor(
    new PrismaPGlite(shadow) as unknown as SqlMigrationAwareDriverAdapterFactory,
    schema,
  );
  try {
    const from =
      migrations.migrationDirectories.length === 0
        ? { tag: "empty" as const }
        : { tag: "migrations" as const, ...migrations };
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    const sql = result.stdout ?? "";
    return { changed: result.exitCode === 2, sql };
  } finally {
    engine.free();
    await shadow.close();
  }
}

/** Writes a new migration folder from the difference, or returns null when there is none. */
export async function createMigration(name: string, now = new Date()): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("Migration name: lowercase letters, digits and _ only.");
  const { changed, sql } = await diffMigrationsToSchema();
  if (!changed) return null;
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  if (!existsSync(lock)) {
    writeFileSync(
      lock,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return dir;
}

export async function migrationStatus(databaseUrl: string): Promise<{
  applied: string[];
  pending: string[];
  failed: string[];
  drift: boolean;
}> {
  const migrations = readMigrations();
  const names = migrations.migrationDirectories.map((d) => d.path);
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: databaseUrl });
  await client.connect();
  let applied: string[] = [];
  let failed: string[] = [];
  try {
    const exists = await client.query("select to_regclass('public._prisma_migrations') is not null as ok");
    if (exists.rows[0].ok) {
      const rows = await client.query<{
        migration_name: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
      }>("select migration_name, finished_at, rolled_back_at from _prisma_migrations order by started_at");
      applied = rows.rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
      failed = rows.rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
    }
  } finally {
    await client.end();
  }
  const { changed } = await diffMigrationsToSchema(readSchema(), migrations);
  return { applied, pending: names.filter((n) => !applied.includes(n)), failed, drift: changed };
}
