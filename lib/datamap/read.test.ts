// The data map reads the same on the read pool (pages, the copy's build) and inside a transaction
// (the erasure plan): one SQL statement, two ways to run it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../db";
import { seedDemo } from "../seed/demo";
import { CATEGORIES } from "./policy-map";
import { loadDataMap } from "./read";

beforeAll(async () => {
  await seedDemo();
});

afterAll(async () => {
  await disconnectDb();
});

describe("loadDataMap", () => {
  it.each(["sv", "en"] as const)(
    "gives the same map on the pool and in a transaction (%s)",
    async (locale) => {
      const pooled = await loadDataMap(locale);
      const inTx = await db.$transaction((tx) => loadDataMap(locale, tx));
      expect(pooled.map((c) => c.key)).toEqual(CATEGORIES.map((c) => c.key));
      expect(pooled).toEqual(inTx);
      const payment = pooled.find((c) => c.recipients.some((r) => r.key === "paypal"));
      expect(payment?.recipients.find((r) => r.key === "paypal")?.role).toBe("controller");
    },
  );

  it("speaks the locale's language", async () => {
    const [sv, en] = await Promise.all([loadDataMap("sv"), loadDataMap("en")]);
    const svContact = sv.find((c) => c.key === "contact")!;
    const enContact = en.find((c) => c.key === "contact")!;
    expect(svContact.name).not.toBe(enContact.name);
    expect(enContact.name).toBe(CATEGORIES.find((c) => c.key === "contact")!.nameEn);
  });
});
