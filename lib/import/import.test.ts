// The import command end to end: the example files, bad rows, duplicates, the same file twice,
// malformed CSV and JSON, a huge field, and that a rejected row writes nothing.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { seedDataMap } from "../datamap/policy-map";
import { decryptWith, existingDataKey, keyedHash } from "../crypto/keys";
import { testPersonnummer } from "../validation/personnummer";
import { importFile } from "./run-file";
import { ImportFileError } from "./source";
import {
  cleanUp,
  exampleCopy,
  EXAMPLES,
  freePersonnummer,
  newTag,
  pnrMap,
  readReport,
  tempDir,
} from "../../test/import-helpers";

const tags: string[] = [];
function tagged() {
  const t = newTag();
  tags.push(t);
  return t;
}

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

afterAll(async () => {
  for (const t of tags) await cleanUp(t);
});

const ORDERS_HEADER =
  "externalId,orderNumber,customerExternalId,placedAt,status,totalOre,itemSku,itemDescription,itemQuantity,itemUnitPriceOre";

const PEOPLE_HEADER =
  "externalId,kind,email,firstName,lastName,personnummer,phone,language,companyName,orgNumber,consents,sourceUpdatedAt";

/** Everything the import may have written for a tag, as comparable rows. */
async function snapshot(tag: string) {
  const people = await db.person.findMany({
    where: { email: { endsWith: `@${tag}.import.example` } },
    orderBy: { email: "asc" },
    include: {
      company: true,
      fieldSources: { orderBy: { field: "asc" } },
      consentStates: { orderBy: [{ channel: "asc" }, { topic: "asc" }] },
      orders: { orderBy: { externalId: "asc" }, include: { items: { orderBy: { sku: "asc" } } } },
      webEvents: { orderBy: { externalId: "asc" } },
    },
  });
  const ids = people.map((p) => p.id);
  const [invoices, payments, events] = await Promise.all([
    db.invoice.findMany({ where: { externalId: { startsWith: `${tag}-` } }, orderBy: { externalId: "asc" } }),
    db.payment.findMany({ where: { externalId: { startsWith: `${tag}-` } }, orderBy: { externalId: "asc" } }),
    db.consentEvent.findMany({ where: { personId: { in: ids } }, orderBy: { id: "asc" } }),
  ]);
  // Stored bytes (encrypted personnummer) differ per encryption; compare their presence only.
  const plain = people.map((p) => ({
    ...p,
    updatedAt: null,
    personnummerEnc: p.personnummerEnc ? "set" : null,
    company: p.company ? { ...p.company, orgNumberEnc: p.company.orgNumberEnc ? "set" : null } : null,
    consentStates: p.consentStates.map((s) => ({ ...s, updatedAt: null })),
  }));
  return JSON.stringify({ plain, invoices, payments, events }, (_k, v) =>
    typeof v === "bigint" ? String(v) : v,
  );
}

describe("importing the example files", () => {
  it("imports every example, and the same files again change nothing", async () => {
    const tag = tagged();
    const dir = await tempDir();
    const pnrs = await pnrMap();
    const files = [
      "people.csv",
      "people.json",
      "orders.csv",
      "orders.jsonl",
      "invoices.csv",
      "payments.csv",
      "consent.csv",
      "web-events.jsonl",
    ];
    const first: Record<string, unknown> = {};
    for (const f of files) {
      const { summary, reportPath } = await importFile(await exampleCopy(f, dir, tag, pnrs));
      first[f] = summary;
      const rejected = (await readReport(reportPath)).filter((r) => r.outcome === "rejected");
      expect(rejected, f).toEqual([]);
      expect(summary.total, f).toBeGreaterThan(0);
    }
    expect(first["people.csv"]).toMatchObject({ type: "people", total: 5, created: 5 });
    expect(first["orders.csv"]).toMatchObject({ type: "orders", total: 3, created: 3 });
    expect(first["consent.csv"]).toMatchObject({ type: "consent", total: 4, skipped: 0 });

    // People can sign in with their address at once: stored lowercased and trimmed.
    const maja = await db.person.findUniqueOrThrow({
      where: { email: `maja.holm@${tag}.import.example` },
      include: { company: true, consentStates: true, orders: { include: { items: true } } },
    });
    expect(maja.phone).toBe("+46701740620");
    expect(maja.orders[0]!.items).toHaveLength(2);
    expect(maja.orders[0]!.items.map((i) => i.description).sort()).toEqual([
      'Kockkniv 20 cm, "Nordic"',
      "Skärbräda i ek, 40 cm",
    ]);
    // Personnummer: only encrypted, with its lookup hash and the date of birth.
    const pnr = pnrs.get("19870812-2380")!;
    expect(maja.personnummerHash).toBe(keyedHash("personnummer", pnr));
    expect(decryptWith(await existingDataKey(db, maja.id), maja.personnummerEnc)).toBe(pnr);
    expect(JSON.stringify({ ...maja, personnummerEnc: null })).not.toContain(pnr.slice(9));
    expect(maja.consentStates.map((s) => [s.channel, s.topic, s.status, s.legalBasis]).sort()).toEqual([
      ["email", "", "allowed", "existing_customer"],
      ["post", "", "allowed", "allowed_until_objection"],
    ]);
    // A sole trader's organisation number is a personnummer: held only encrypted.
    const sara = await db.person.findUniqueOrThrow({
      where: { email: `sara.lund@${tag}.import.example` },
      include: { company: true },
    });
    expect(sara.company).toMatchObject({ soleTrader: true, orgNumber: null });
    expect(decryptWith(await existingDataKey(db, sara.id), sara.company!.orgNumberEnc)).toBe(
      pnrs.get("19881003-2386"),
    );

    const before = await snapshot(tag);
    for (const f of files) {
      const { summary } = await importFile(path.join(dir, f));
      expect(summary, f).toMatchObject({ created: 0, updated: 0, rejected: 0, withConflicts: 0 });
      expect(summary.skipped, f).toBe(summary.total);
    }
    expect(await snapshot(tag)).toBe(before);
  });

  it("uses only official test personnummer in the examples", async () => {
    const allowed = new Set(await testPersonnummer());
    const { readdir, readFile } = await import("node:fs/promises");
    for (const f of await readdir(EXAMPLES)) {
      const text = await readFile(path.join(EXAMPLES, f), "utf8");
      for (const m of text.matchAll(/(?<![\d-])(19|20)\d{6}-?\d{4}(?!\d)/g)) {
        const value = m[0].includes("-") ? m[0] : `${m[0].slice(0, 8)}-${m[0].slice(8)}`;
        expect(allowed.has(value), `${f}: ${value}`).toBe(true);
      }
    }
  });
});

describe("bad rows", () => {
  it("reports every bad row with a clear reason, imports the good ones and writes nothing for the bad", async () => {
    const tag = tagged();
    const dir = await tempDir();
    const [good] = await freePersonnummer(1);
    const badChecksum = `${good!.slice(0, 12)}${(Number(good!.slice(12)) + 1) % 10}`;
    const at = "2026-01-01T00:00:00Z";
    const rows = [
      PEOPLE_HEADER,
      `${tag}-1,customer,ok@${tag}.import.example,Anna,Ok,${good},,sv,,,,${at}`,
      `${tag}-2,alien,kind@${tag}.import.example,Bo,Kind,,,sv,,,,${at}`,
      `${tag}-3,customer,,Cilla,Missing,,,sv,,,,${at}`,
      `${tag}-4,customer,pnr@${tag}.import.example,Dan,Pnr,${badChecksum},,sv,,,,${at}`,
      `${tag}-5,customer,lang@${tag}.import.example,Eva,Lang,,,de,,,,${at}`,
      `${tag}-6,customer,date@${tag}.import.example,Fia,Date,,,sv,,,,yesterday`,
      `${tag}-7,customer,consent@${tag}.import.example,Gun,Consent,,,sv,,,sms=given/existing_customer,${at}`,
      `${tag}-8,customer,org@${tag}.import.example,Hans,Org,,,sv,,556814-2731,,${at}`,
      `${tag}-9,customer,future@${tag}.import.example,Ivar,Future,,,sv,,,,2999-01-01`,
      `${tag}-10,customer,company@${tag}.import.example,Jan,Company,,,sv,,556814-2730,,${at}`,
    ];
    const file = await writeIn(dir, "people.csv", rows.join("\n") + "\n");
    const { summary, reportPath } = await importFile(file);
    expect(summary).toMatchObject({ total: 10, created: 1, rejected: 9 });
    const report = await readReport(reportPath);
    const byKey = new Map(report.filter((r) => r.key).map((r) => [r.key as string, r]));
    const fieldsOf = (k: string) =>
      (byKey.get(`${tag}-${k}`)?.errors as { field: string }[]).map((e) => e.field);
    expect(byKey.get(`${tag}-1`)).toMatchObject({ line: 2, outcome: "created" });
    expect(byKey.get(`${tag}-2`)).toMatchObject({ line: 3, outcome: "rejected", reason: "invalid" });
    expect(fieldsOf("2")).toEqual(["kind"]);
    expect(fieldsOf("3")).toEqual(["email"]);
    expect(fieldsOf("4")).toEqual(["personnummer"]);
    expect(JSON.stringify(byKey.get(`${tag}-4`))).toContain("checksum");
    // The report names the rule, never the value.
    expect(JSON.stringify(report)).not.toContain(badChecksum);
    expect(fieldsOf("5")).toEqual(["language"]);
    expect(fieldsOf("6")).toEqual(["sourceUpdatedAt"]);
    expect(fieldsOf("7")).toEqual(["consents.0.basis"]);
    expect(fieldsOf("8")).toEqual(["orgNumber"]);
    expect(fieldsOf("9")).toEqual(["sourceUpdatedAt"]);
    expect(fieldsOf("10")).toEqual(["companyName"]);
    expect(report.at(-1)).toMatchObject({ summary: { total: 10, rejected: 9 } });

    const stored = await db.person.findMany({ where: { email: { endsWith: `@${tag}.import.example` } } });
    expect(stored.map((p) => p.externalId)).toEqual([`${tag}-1`]);
  });

  it("rejects orders with wrong types, missing fields and unknown statuses; an unknown person too", async () => {
    const tag = tagged();
    const dir = await tempDir();
    await importCustomer(dir, tag);
    const line = (o: Record<string, unknown>) =>
      JSON.stringify({
        externalId: `${tag}-O${Math.random()}`,
        orderNumber: `${tag}-N${Math.random()}`,
        customerExternalId: `${tag}-K`,
        placedAt: "2026-01-02T10:00:00+01:00",
        status: "completed",
        totalOre: 100,
        items: [{ sku: "A", description: "A thing", quantity: 1, unitPriceOre: 100 }],
        ...o,
      });
    const file = await writeIn(
      dir,
      "orders.jsonl",
      [
        line({ externalId: `${tag}-ok` }),
        line({ totalOre: "a hundred" }),
        line({ status: "lost_in_space" }),
        line({ items: [] }),
        line({ items: [{ sku: "A", quantity: 1.5, unitPriceOre: 100 }] }),
        line({ customerExternalId: `${tag}-nobody` }),
        line({ placedAt: undefined }),
        line({ unexpected: true }),
        "not json at all",
      ].join("\n"),
    );
    const { summary, reportPath } = await importFile(file);
    expect(summary).toMatchObject({ total: 9, created: 1, rejected: 8 });
    const report = (await readReport(reportPath)).slice(0, -1);
    expect(report.map((r) => [r.line, r.outcome, r.reason])).toEqual([
      [1, "created", undefined],
      [2, "rejected", "invalid"],
      [3, "rejected", "invalid"],
      [4, "rejected", "invalid"],
      [5, "rejected", "invalid"],
      [6, "rejected", "unknown_person"],
      [7, "rejected", "invalid"],
      [8, "rejected", "invalid"],
      [9, "rejected", "parse_error"],
    ]);
    const errors = report.map(
      (r) => (r.errors as { field: string }[] | undefined)?.map((e) => e.field) ?? [],
    );
    expect(errors[1]).toEqual(["totalOre"]);
    expect(errors[2]).toEqual(["status"]);
    expect(errors[3]).toEqual(["items"]);
    expect(errors[4]).toEqual(["items.0.description", "items.0.quantity"]);
    expect(errors[6]).toEqual(["placedAt"]);
    expect(errors[7]).toEqual(["(record)"]);
    const orders = await db.order.findMany({ where: { externalId: { startsWith: `${tag}-` } } });
    expect(orders.map((o) => o.externalId)).toEqual([`${tag}-ok`]);
  });

  it("writes nothing of a row whose consent fails: person, company and consent are one transaction", async () => {
    const tag = tagged();
    const dir = await tempDir();
    const [pnr] = await freePersonnummer(1);
    const { summary, reportPath } = await importPeople(dir, tag, [
      `${tag}-A,customer,a@${tag}.import.example,Ann,A,${pnr},,sv,Ann AB,556814-2730,email=allowed/existing_customer;email:no_such_topic=given/consent,2026-01-01`,
    ]);
    expect(summary).toMatchObject({ rejected: 1, created: 0 });
    expect((await readReport(reportPath))[0]).toMatchObject({
      outcome: "rejected",
      reason: "unknown_topic",
      errors: [{ field: "consents.1.topic" }],
    });
    expect(await db.person.count({ where: { email: `a@${tag}.import.example` } })).toBe(0);
    expect(await db.company.count({ where: { name: "Ann AB", person: { email: { contains: tag } } } })).toBe(
      0,
    );
    expect(await db.person.count({ where: { personnummerHash: keyedHash("personnummer", pnr!) } })).toBe(0);
  });
});

describe("duplicates and repeats", () => {
  it("applies a repeated row as a repeat: an identical one is skipped, a changed one updates", async () => {
    const tag = tagged();
    const dir = await tempDir();
    const row = (name: string) => `${tag}-D,customer,d@${tag}.import.example,${name},D,,,sv,,,,2026-01-01`;
    const { summary, reportPath } = await importPeople(dir, tag, [row("Dora"), row("Dora"), row("Doris")]);
    expect(summary).toMatchObject({ total: 3, created: 1, skipped: 1, updated: 1 });
    expect((await readReport(reportPath)).slice(0, 3).map((r) => [r.outcome, r.reason])).toEqual([
      ["created", undefined],
      ["skipped", "unchanged"],
      ["updated", undefined],
    ]);
    expect(await db.person.findUniqueOrThrow({ where: { externalId: `${tag}-D` } })).toMatchObject({
      firstName: "Doris",
    });
  });

  it("keeps an order's number unique: a second order with the same number is a conflict", async () => {
    const tag = tagged();
    const dir = await tempDir();
    await importCustomer(dir, tag);
    const file = await writeOrdersCsv(dir, [
      `${tag}-1,${tag}-N1,${tag}-K,2026-01-01,completed,100,A,Thing,1,100`,
      `${tag}-2,${tag}-N1,${tag}-K,2026-01-01,completed,100,A,Thing,1,100`,
      `${tag}-1,${tag}-N1,${tag}-K,2026-01-01,completed,100,A,Thing,1,100`,
    ]);
    const { summary, reportPath } = await importFile(file);
    expect(summary).toMatchObject({ created: 1, rejected: 1, skipped: 1 });
    expect((await readReport(reportPath))[1]).toMatchObject({
      line: 3,
      outcome: "rejected",
      reason: "conflict",
      errors: [{ field: "orderNumber" }],
    });
  });

  it("replaces an order's items when the source changes them, and only then", async () => {
    const tag = tagged();
    const dir = await tempDir();
    await importCustomer(dir, tag);
    const file = await writeOrdersCsv(dir, [
      `${tag}-1,${tag}-N1,${tag}-K,2026-01-01,completed,300,A,Thing,1,100`,
      `${tag}-1,${tag}-N1,${tag}-K,2026-01-01,completed,300,B,Other,2,100`,
    ]);
    await importFile(file);
    const ids = (await db.orderItem.findMany({ where: { order: { externalId: `${tag}-1` } } })).map(
      (i) => i.id,
    );
    expect(ids).toHaveLength(2);
    expect((await importFile(file)).summary).toMatchObject({ skipped: 1 });
    expect(
      (await db.orderItem.findMany({ where: { order: { externalId: `${tag}-1` } } })).map((i) => i.id).sort(),
    ).toEqual(ids.sort());
    await writeOrdersCsv(dir, [`${tag}-1,${tag}-N1,${tag}-K,2026-01-01,completed,100,A,Thing,1,100`]);
    expect((await importFile(file)).summary).toMatchObject({ updated: 1 });
    expect(await db.orderItem.count({ where: { order: { externalId: `${tag}-1` } } })).toBe(1);
  });
});

describe("malformed files", () => {
  it("reports an unclosed quote at its line, keeps the rows before it and half-writes nothing", async () => {
    const tag = tagged();
    const dir = await tempDir();
    const { summary, reportPath } = await importPeople(dir, tag, [
      `${tag}-1,customer,one@${tag}.import.example,One,Uno,,,sv,,,,2026-01-01`,
      `${tag}-2,customer,two@${tag}.import.example,"Two,Duo,,,sv,,,,2026-01-01`,
      `${tag}-3,customer,three@${tag}.import.example,Three,Tre,,,sv,,,,2026-01-01`,
    ]);
    expect(summary).toMatchObject({ total: 2, created: 1, rejected: 1 });
    const report = await readReport(reportPath);
    expect(report[1]).toMatchObject({ line: 3, outcome: "rejected", reason: "parse_error" });
    expect(JSON.stringify(report[1])).toContain("never closed");
    const stored = await db.person.findMany({ where: { email: { endsWith: `@${tag}.import.example` } } });
    expect(stored.map((p) => p.externalId)).toEqual([`${tag}-1`]);
  });

  it("refuses a huge field for its row only", async () => {
    const tag = tagged();
    const dir = await tempDir();
    const { summary, reportPath } = await importPeople(dir, tag, [
      `${tag}-1,customer,one@${tag}.import.example,${"x".repeat(200_000)},Uno,,,sv,,,,2026-01-01`,
      `${tag}-2,customer,two@${tag}.import.example,Two,${"y".repeat(150)},,,sv,,,,2026-01-01`,
      `${tag}-3,customer,three@${tag}.import.example,Three,Tre,,,sv,,,,2026-01-01`,
    ]);
    expect(summary).toMatchObject({ total: 3, created: 1, rejected: 2 });
    const report = await readReport(reportPath);
    expect(report[0]).toMatchObject({ line: 2, reason: "parse_error" });
    expect(JSON.stringify(report[0])).toContain("longer than");
    expect(report[1]).toMatchObject({ line: 3, reason: "invalid", errors: [{ field: "lastName" }] });
    expect(report[2]).toMatchObject({ line: 4, outcome: "created" });
  });

  it("does not import an order half when one of its lines cannot be read", async () => {
    const tag = tagged();
    const dir = await tempDir();
    await importCustomer(dir, tag);
    const file = await writeOrdersCsv(dir, [
      `${tag}-1,${tag}-N1,${tag}-K,2026-01-01,completed,300,A,Thing,1,100`,
      `${tag}-1,${tag}-N1,${tag}-K,2026-01-01,completed,300,B,Other,2`,
      `${tag}-2,${tag}-N2,${tag}-K,2026-01-01,completed,100,A,Thing,1,100`,
    ]);
    const { summary, reportPath } = await importFile(file);
    expect(summary).toMatchObject({ created: 1, rejected: 2 });
    const report = await readReport(reportPath);
    expect(report.slice(0, 3).map((r) => [r.line, r.outcome])).toEqual([
      [2, "rejected"],
      [3, "rejected"],
      [4, "created"],
    ]);
    expect(await db.order.count({ where: { externalId: `${tag}-1` } })).toBe(0);
  });

  it("refuses a file with an unknown column before importing anything", async () => {
    const tag = tagged();
    const dir = await tempDir();
    const file = await writeIn(
      dir,
      "people.csv",
      `externalId,email,fristName,sourceUpdatedAt\n${tag}-1,x@${tag}.import.example,X,2026-01-01\n`,
    );
    await expect(importFile(file)).rejects.toThrow(ImportFileError);
    await expect(importFile(file)).rejects.toThrow(/unknown column "fristName"/);
    expect(await db.person.count({ where: { externalId: `${tag}-1` } })).toBe(0);
  });

  it("takes the type from --type when the file name does not tell it, and refuses when neither does", async () => {
    const tag = tagged();
    const dir = await tempDir();
    const file = await writeIn(
      dir,
      "export-from-crm.json",
      JSON.stringify([
        { externalId: `${tag}-1`, email: `j@${tag}.import.example`, sourceUpdatedAt: "2026-01-01" },
      ]),
    );
    await expect(importFile(file)).rejects.toThrow(/--type/);
    const report = path.join(dir, "out.jsonl");
    const { summary, reportPath } = await importFile(file, { type: "people", reportPath: report });
    expect(summary).toMatchObject({ created: 1 });
    expect(reportPath).toBe(report);
    expect(await readReport(report)).toHaveLength(2);
  });

  it("audits every run with its counts, never the data", async () => {
    const tag = tagged();
    const dir = await tempDir();
    const before = new Date();
    await importPeople(dir, tag, [
      `${tag}-1,customer,audit@${tag}.import.example,Audit,One,,,sv,,,,2026-01-01`,
      `${tag}-2,customer,not-an-address,Audit,Two,,,sv,,,,2026-01-01`,
    ]);
    const entries = await db.auditEntry.findMany({
      where: { action: "import.file", actorId: "import", at: { gte: before } },
    });
    const mine = entries.filter((e) => (e.meta as { total?: number }).total === 2);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine[0]).toMatchObject({ actorType: "system", personId: null });
    expect(mine[0]!.meta).toMatchObject({
      status: "completed",
      type: "people",
      format: "csv",
      created: 1,
      rejected: 1,
    });
    expect(JSON.stringify(mine[0]!.meta)).not.toContain(tag);
  });
});

/** The customer `${tag}-K` (Kim), for the orders of a test to name. */
async function importCustomer(dir: string, tag: string) {
  await importPeople(dir, tag, [`${tag}-K,customer,k@${tag}.import.example,Kim,K,,,sv,,,,2026-01-01`]);
}

/** A file of this text in the test's directory; its path. */
async function writeIn(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** orders.csv in `dir` with these lines after the header; its path. */
async function writeOrdersCsv(dir: string, lines: string[]): Promise<string> {
  return writeIn(dir, "orders.csv", [ORDERS_HEADER, ...lines].join("\n"));
}

async function importPeople(dir: string, tag: string, lines: string[]) {
  const name = `people-${tag}-${Math.random().toString(36).slice(2)}.csv`;
  return importFile(await writeIn(dir, name, [PEOPLE_HEADER, ...lines].join("\n") + "\n"));
}
