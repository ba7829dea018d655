// Fixed-window counters in PostgreSQL: they hold across server instances and restarts.
// Keys are keyed hashes, so the table holds no addresses.
import { keyedHash } from "../crypto/keys";
import type { Tx } from "../db";

export async function hit(
  tx: Tx,
  bucket: string,
  rawKey: string,
  limit: number,
  windowMinutes: number,
  now = new Date(),
): Promise<{ allowed: boolean; count: number }> {
  const windowMs = windowMinutes * 60_000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const key = keyedHash(`rate:${bucket}`, rawKey);
  const rows = await tx.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitCounter" (bucket, key, "windowStart", count)
    VALUES (${bucket}, ${key}, ${windowStart}, 1)
    ON CONFLICT (bucket, key, "windowStart") DO UPDATE SET count = "RateLimitCounter".count + 1
    RETURNING count`;
  const count = Number(rows[0]?.count ?? 0);
  return { allowed: count <= limit, count };
}
