// The copy of the demo customer (data in every category) reads as words in Swedish and in English:
// report.html shows no stored code (statuses, methods, languages, countries), no `key: value;` dump, no
// currency column beside the amounts and no bilingual recipient name; every CSV header is a label in the
// copy's language; README.txt labels each section's columns with their own meaning.
import { strFromU8, unzipSync } from "fflate";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portalConnector } from "../../connectors/portal-db";
import { loadDataMap } from "../../datamap/read";
import { db, disconnectDb } from "../../db";
import type { Locale } from "../../i18n/config";
import { DEMO_PEOPLE, seedDemo } from "../../seed/demo";
import { parseCsv } from "./formats";
import { writeCopy } from "./write-copy";
import { STORED_CODES } from "../../../test/raw-codes";

/** Codes as the records store them, and the time zone: none of them may be a whole cell of the report. */
const RAW_CODES = [...STORED_CODES, "Europe/Stockholm"];

const dir = mkdtempSync(path.join(tmpdir(), "copy-words-"));
let annaId = "";

beforeAll(async () => {
  await seedDemo();
  annaId = (await db.person.findUniqueOrThrow({ where: { email: DEMO_PEOPLE[0].email } })).id;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await disconnectDb();
});

async function copyOf(locale: Locale): Promise<Record<string, string>> {
  const chunks: Uint8Array[] = [];
  const map = await loadDataMap(locale);
  await writeCopy({
    subject: { personId: annaId, email: DEMO_PEOPLE[0].email, firstName: "Anna", lastName: "Andersson" },
    locale,
    requestId: null,
    connectors: [portalConnector],
    map,
    recipientNames: new Map(map.flatMap((c) => c.recipients.map((r) => [r.key, r.name] as const))),
    controller: { name: "Demo AB", email: "privacy@demo.example" },
    generatedAt: new Date("2026-11-01T10:00:00Z"),
    sink: { write: (c) => chunks.push(c) },
    tmpDir: mkdtempSync(path.join(dir, `${locale}-`)),
    timeoutMs: 60_000,
    stepTimeoutMs: 60_000,
  });
  const files = unzipSync(Buffer.concat(chunks));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/** The text of every table cell and every record field of the report. */
function cells(html: string): string[] {
  return [...html.matchAll(/<(td|dd)>([^<]*)<\/\1>/g)].map((m) => m[2]!);
}

const WORDS = {
  sv: {
    status: ["Levererad", "Betald", "Kort", "PayPal", "Sidvisning", "Sverige", "svenska (Sverige)", "Dator"],
    method: "Hur valet gjordes",
    payment: "Betalsätt",
    amountHeader: "Belopp (i öre)",
    currency: "Valuta",
    counterparty: ["<dt>Namn</dt>", "<dt>Adress</dt>", "<dt>Organisationsnummer</dt>"],
    money: /\d,\d{2}\u00a0kr/,
  },
  en: {
    status: ["Delivered", "Paid", "Card", "PayPal", "Page view", "Sweden", "Swedish (Sweden)", "Computer"],
    method: "How the choice was made",
    payment: "Payment method",
    amountHeader: "Amount (in öre)",
    currency: "Currency",
    counterparty: ["<dt>Name</dt>", "<dt>Address</dt>", "<dt>Organisation number</dt>"],
    money: /SEK\u00a0[\d,]+\.\d{2}/,
  },
} as const;

describe.each(["sv", "en"] as const)("the demo customer's copy in %s", (locale) => {
  const w = WORDS[locale];

  it("report.html shows values in words, amounts with their currency and structured values in parts", async () => {
    const files = await copyOf(locale);
    const html = files["report.html"]!;
    const all = cells(html);
    expect(all.length).toBeGreaterThan(1000);
    for (const code of RAW_CODES) expect(all.filter((c) => c === code).length, code).toBe(0);
    for (const word of w.status) expect(all, word).toContain(word);
    // No `key: value;` dumps and no stored keys as labels.
    expect(html).not.toMatch(/\b(name|address|orgNumber|payerEmail|cardBrand|cardLast4): [^<]*;/);
    expect(html).not.toMatch(/<dt>(orgNumber|payerEmail|cardBrand|cardLast4)<\/dt>/);
    for (const part of w.counterparty) expect(html).toContain(part);
    // The amount carries its currency; no currency column beside it.
    expect(all.some((c) => w.money.test(c))).toBe(true);
    expect(html).not.toContain(`<th scope="col">${w.currency}</th>`);
    // Recipients are named in the copy's language only.
    expect(html).not.toMatch(
      /Transportföretag \/ Transport companies|Nyhetsbrevspartner \/ Newsletter partner/,
    );
    expect(files["art15.html"]).not.toContain(" / Transport companies");
    // A consent's method is how it was given, a payment's is how it was paid.
    expect(html).toContain(`<th scope="col">${w.method}</th>`);
  });

  it("every CSV header is a label in the copy's language, and README.txt labels each column by its section", async () => {
    const files = await copyOf(locale);
    const csvs = Object.keys(files).filter((n) => n.startsWith("csv/"));
    expect(csvs).toHaveLength(14);
    for (const name of csvs) {
      const header = parseCsv(files[name]!)[0]!;
      for (const h of header) {
        expect(h, `${name}: ${h}`).not.toMatch(/^[a-z]+([A-Z][a-z0-9]*)+$|^record$|_/);
      }
    }
    const history = parseCsv(files[csvs.find((n) => n.endsWith("-history.csv"))!]!)[0]!;
    expect(history).toContain(w.amountHeader);
    const marketing = parseCsv(files[csvs.find((n) => n.endsWith("-marketing.csv"))!]!)[0]!;
    expect(marketing).toContain(w.method);
    expect(marketing).not.toContain(w.payment);

    const readme = files["README.txt"]!;
    const section = (key: string) => readme.slice(readme.indexOf(`(${key})`)).split("\r\n\r\n")[0]!;
    expect(section("marketing.consent_history")).toContain(`method: ${w.method};`);
    expect(section("history.payments")).toContain(`method: ${w.payment};`);
  });
});
