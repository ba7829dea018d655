import { describe, expect, it } from "vitest";
import { deployMigrations, diffMigrationsToSchema, readSchema } from "./schema-engine";

describe("offline migrations", () => {
  it("schema.prisma and the migrations agree", async () => {
    const { changed, sql } = await diffMigrationsToSchema();
    expect(sql).not.toMatch(/CREATE TABLE|ALTER TABLE/);
    expect(changed).toBe(false);
  });

  it("detects drift when the schema changes without a migration", async () => {
    const changedSchema = readSchema().replace(
      "model Setting {\n  key       String   @id",
      "model Setting {\n  key       String   @id\n  note      String?",
    );
    expect(changedSchema).not.toBe(readSchema());
    const { changed, sql } = await diffMigrationsToSchema(changedSchema);
    expect(changed).toBe(true);
    expect(sql).toContain('ALTER TABLE "Setting" ADD COLUMN     "note" TEXT');
  });

  it("migrating again changes nothing", async () => {
    // The global setup migrated this database already.
    expect(await deployMigrations(process.env.DATABASE_URL!)).toEqual([]);
    expect(await deployMigrations(process.env.DATABASE_URL!)).toEqual([]);
  });
});
