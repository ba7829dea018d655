import { writeFileSync } from "node:fs";
import { applyTestEnv } from "../../test/test-env";
applyTestEnv();
async function main() {
  const { db } = await import("../db");
  const { importFile } = await import("./run-file");
  const run = `prof-${Date.now()}`;
  await db.$executeRawUnsafe(`INSERT INTO "Person" (id, "externalId", email, kind, language, "updatedAt") SELECT gen_random_uuid()::text, $1 || '-K' || i, $1 || '-' || i || '@bench.example', 'customer', 'sv', now() FROM generate_series(1, 100) AS i`, run);
  const lines = ["externalId,orderNumber,customerExternalId,placedAt,status,currency,totalOre,itemSku,itemDescription,itemQuantity,itemUnitPriceOre"];
  for (let i = 1; i <= 20000; i++) lines.push(`${run}-${i},${run}-W${i},${run}-K${(i % 100) + 1},2024-01-01T00:00:00Z,completed,SEK,100,A,B,1,100`);
  writeFileSync(`/tmp/orders-${run}.csv`, lines.join("\n"));
  const t = performance.now();
  const r = await importFile(`/tmp/orders-${run}.csv`, { reportPath: `/tmp/${run}.jsonl` });
  console.log(r.summary, performance.now() - t);
  const t2 = performance.now();
  const r2 = await importFile(`/tmp/orders-${run}.csv`, { reportPath: `/tmp/${run}.jsonl` });
  console.log((globalThis as any).LAPS);
  console.log("again", r2.summary.skipped, performance.now() - t2);
  await db.person.deleteMany({ where: { externalId: { startsWith: `${run}-K` } } });
  await db.$disconnect();
}
main();
