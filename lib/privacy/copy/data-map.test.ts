// The copy's data-map reader must say exactly what the pages' loadDataMap says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataMap } from "../../datamap/read";
import { db, disconnectDb } from "../../db";
import { seedDemo } from "../../seed/demo";
import { loadDataMapForCopy } from "./data-map";

beforeAll(async () => {
  await seedDemo();
});

afterAll(async () => {
  await disconnectDb();
});

describe("loadDataMapForCopy", () => {
  it.each(["sv", "en"] as const)("equals loadDataMap in %s", async (locale) => {
    const [ours, theirs] = await Promise.all([loadDataMapForCopy(locale), loadDataMap(locale, db)]);
    expect(ours.length).toBeGreaterThanOrEqual(14);
    expect(ours).toEqual(theirs);
  });
});
