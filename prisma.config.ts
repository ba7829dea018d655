// Used by Prisma's own CLI (generate; `prisma migrate deploy` where the native engine is available).
// The portal itself migrates through scripts/migrate.ts, which works offline.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unset" },
});
