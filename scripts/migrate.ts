// npm run db:migrate | db:migrate:create -- <name> | db:status
import { closeEmbeddedDatabase, ensureDatabaseUrl } from "../lib/db/connection";
import { createMigration, deployMigrations, migrationStatus } from "../lib/db/schema-engine";

async function main() {
  const [command, name] = process.argv.slice(2);
  if (command === "create") {
    if (!name) throw new Error("Usage: npm run db:migrate:create -- <name>");
    const dir = await createMigration(name);
    console.log(dir ? `Wrote ${dir}` : "schema.prisma and the migrations agree: nothing to write.");
    return;
  }
  const { url } = await ensureDatabaseUrl();
  try {
    if (command === "deploy") {
      const applied = await deployMigrations(url);
      console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
    } else if (command === "status") {
      const s = await migrationStatus(url);
      console.log(`Applied: ${s.applied.length}`);
      for (const p of s.pending) console.log(`Pending: ${p}`);
      for (const f of s.failed) console.log(`Failed: ${f}`);
      console.log(
        s.drift
          ? "Drift: schema.prisma differs from the migrations (run npm run db:migrate:create -- <name>)."
          : "No drift: schema.prisma matches the migrations.",
      );
      if (s.pending.length || s.failed.length || s.drift) process.exitCode = 1;
    } else {
      throw new Error(`Unknown command ${command ?? ""}: use deploy, create or status.`);
    }
  } finally {
    await closeEmbeddedDatabase();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
