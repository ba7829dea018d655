// The database drops the portal's connections while requests run: requests fail cleanly or succeed,
// and the portal recovers without a restart.
import { test, expect, signInNewPerson } from "./fixtures";

test("the portal survives its database connections being cut", async ({ context, page, db }) => {
  await signInNewPerson(context);
  const kill = () =>
    db.$queryRaw<unknown[]>`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name = 'privacy-portal' AND pid <> pg_backend_pid()`;
  await page.goto("/activity");
  const statuses: number[] = [];
  let terminated = 0;
  for (let round = 0; round < 5; round++) {
    const requests = Array.from({ length: 8 }, () =>
      page.request
        .get("/activity")
        .then((r) => r.status())
        .catch(() => 0),
    );
    terminated += (await kill()).length;
    statuses.push(...(await Promise.all(requests)));
  }
  expect(terminated, "the test cut some of the portal's connections").toBeGreaterThan(0);
  // Each request either worked or failed with a clean error page, never a hang.
  for (const s of statuses) expect([200, 500]).toContain(s);
  // And the portal recovers by itself.
  await expect
    .poll(async () => (await page.request.get("/activity")).status(), { timeout: 20_000 })
    .toBe(200);
  const res = await page.goto("/activity");
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
