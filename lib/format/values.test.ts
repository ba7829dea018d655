// The value formatter in Swedish and English: every kind of value a record, a page or an email shows
// reads as words in the reader's language, never as a stored code or a `key: value;` dump.
import { describe, expect, it } from "vitest";
import { PORTAL_SECTIONS } from "../connectors/portal-db";
import type { Column } from "../connectors/types";
import { RECIPIENTS } from "../datamap/policy-map";
import { recipientName } from "../datamap/recipient-name";
import type { LedgerActorType } from "../consent/ledger";
import { CHANNELS, type ConsentMethod } from "../consent/rules";
import { CONSENT_BASES, CONSENT_STATUSES } from "../import/consent";
import { INVOICE_STATUSES } from "../import/invoices";
import { ORDER_STATUSES } from "../import/orders";
import { PAYMENT_METHODS } from "../import/payments";
import { WEB_EVENT_KINDS } from "../import/web-events";
import { caseReference } from "./case-reference";
import { partsText, valueFormatter } from "./values";

const sv = valueFormatter("sv");
const en = valueFormatter("en");
const NBSP = "\u00a0";

type Formatter = typeof sv;
type CodeDomain = Parameters<Formatter["code"]>[0];

// Every value of the ledger's types (the compiler fails when one is added and not listed here).
const METHODS: Record<ConsentMethod, true> = {
  portal: true,
  one_click: true,
  staff_on_behalf: true,
  import: true,
  newsletter_partner: true,
};
const LEDGER_ACTORS: Record<LedgerActorType, true> = {
  person: true,
  person_link: true,
  impersonation: true,
  partner: true,
  import: true,
  system: true,
};

const col = (key: string, type: Column["type"], values?: Column["values"]): Column => ({ key, type, values });

describe("dates and times", () => {
  it("shows instants in Stockholm time across clock changes", () => {
    const shown: [Formatter, string | Date, string][] = [
      [sv, "2026-07-01T10:00:00.000Z", "2026-07-01 12:00"],
      [sv, "2026-03-29T00:59:00.000Z", "2026-03-29 01:59"],
      [sv, "2026-03-29T01:00:00.000Z", "2026-03-29 03:00"],
      [sv, "2026-10-25T00:30:00.000Z", "2026-10-25 02:30"],
      [sv, "2026-10-25T01:30:00.000Z", "2026-10-25 02:30"],
      [sv, "2026-12-31T23:30:00.000Z", "2027-01-01 00:30"],
      [en, "2026-12-31T23:30:00.000Z", "1 Jan 2027, 00:30"],
      [en, new Date("2026-07-01T10:00:00.000Z"), "1 Jul 2026, 12:00"],
    ];
    for (const [f, instant, text] of shown) expect(f.dateTime(instant)).toBe(text);
  });

  it("shows calendar dates as the language writes them", () => {
    expect(sv.date("1979-06-18")).toBe("1979-06-18");
    expect(en.date("1979-06-18")).toBe("18 Jun 1979");
    expect(sv.dateLong("2026-11-01")).toBe("1 november 2026");
    expect(en.dateLong("2026-11-01")).toBe("1 November 2026");
    // An instant's date is Stockholm's.
    expect(sv.date(new Date("2026-12-31T23:30:00.000Z"))).toBe("2027-01-01");
    expect(sv.dateTimeLong(new Date("2026-07-01T10:00:00.000Z"))).toBe("1 juli 2026 kl. 12:00");
    expect(en.dateTimeLong(new Date("2026-07-01T10:00:00.000Z"))).toBe("1 July 2026 at 12:00");
  });

  it("leaves a value that is no date as it is", () => {
    expect(sv.dateTime("soon")).toBe("soon");
    expect(en.date("soon")).toBe("soon");
  });
});

describe("numbers, money and yes/no", () => {
  it("formats amounts once, with their currency", () => {
    expect(sv.money(123456789, "SEK")).toBe(`1${NBSP}234${NBSP}567,89${NBSP}kr`);
    expect(en.money(123456789, "SEK")).toBe(`SEK${NBSP}1,234,567.89`);
    expect(en.money(-5, "EUR")).toBe("-€0.05");
    expect(sv.money(100)).toBe(`1,00${NBSP}kr`);
  });

  it("uses the row's currency for a money column, and groups integers", () => {
    expect(sv.cell(col("amountOre", "money_ore"), 125000, { amountOre: 125000, currency: "EUR" })).toBe(
      `1${NBSP}250,00${NBSP}€`,
    );
    expect(en.cell(col("responseMs", "integer"), 30000)).toBe("30,000");
    expect(sv.cell(col("responseMs", "integer"), 30000)).toBe(`30${NBSP}000`);
    // An identifier is not a quantity.
    expect(sv.cell(col("eventId", "integer", "id"), 30000)).toBe("30000");
  });

  it("says yes and no in words", () => {
    expect(sv.cell(col("soleTrader", "boolean"), true)).toBe("Ja");
    expect(en.cell(col("soleTrader", "boolean"), false)).toBe("No");
  });
});

describe("codes as words", () => {
  it("names languages and countries in the reader's language", () => {
    expect(sv.language("sv")).toBe("svenska");
    expect(en.language("sv")).toBe("Swedish");
    expect(sv.language("sv-SE")).toBe("svenska (Sverige)");
    expect(en.language("en")).toBe("English");
    expect(sv.country("SE")).toBe("Sverige");
    expect(en.country("SE")).toBe("Sweden");
    expect(en.country("se")).toBe("Sweden");
    expect(sv.cell(col("timeZone", "string", "time_zone"), "Europe/Stockholm")).toBe(
      "centraleuropeisk tid (Europe/Stockholm)",
    );
  });

  it("translates statuses and methods, and leaves an unknown code as it is", () => {
    const words: [Formatter, CodeDomain, string, string][] = [
      [sv, "order_status", "processing", "Behandlas"],
      [sv, "order_status", "delivered", "Levererad"],
      [en, "order_status", "delivered", "Delivered"],
      [sv, "invoice_status", "paid", "Betald"],
      [sv, "payment_method", "card", "Kort"],
      [sv, "provider", "paypal", "PayPal"],
      [sv, "provider", "UC", "UC"],
      [sv, "consent_method", "import", "Från våra system"],
      [sv, "web_event_kind", "page_view", "Sidvisning"],
      [sv, "platform", "desktop", "Dator"],
      [sv, "order_status", "teleported", "teleported"],
      [sv, "recipient", "m365", "Microsoft 365"],
      [sv, "screen", "1920x1080", "1920 × 1080"],
    ];
    for (const [f, domain, code, word] of words) expect(f.code(domain, code)).toBe(word);
    expect(en.code("consent_basis", "allowed_until_objection")).toMatch(/^Allowed until you say no/);
  });

  it("has a Swedish and an English word for every code the import and the consent ledger accept", () => {
    const domains = new Set(
      Object.values(PORTAL_SECTIONS).flatMap((s) => s.columns.flatMap((c) => (c.values ? [c.values] : []))),
    );
    const known: Record<string, readonly string[]> = {
      order_status: ORDER_STATUSES,
      invoice_status: INVOICE_STATUSES,
      payment_method: PAYMENT_METHODS,
      web_event_kind: WEB_EVENT_KINDS,
      consent_channel: CHANNELS,
      consent_status: [...CONSENT_STATUSES, "pending"],
      consent_basis: CONSENT_BASES,
      consent_method: Object.keys(METHODS),
      consent_by: Object.keys(LEDGER_ACTORS),
    };
    for (const [domain, codes] of Object.entries(known)) {
      expect(domains.has(domain as never), domain).toBe(true);
      for (const code of codes) {
        for (const f of [sv, en]) expect(f.code(domain as never, code), `${domain}.${code}`).not.toBe(code);
      }
    }
  });
});

describe("structured values", () => {
  it("shows an invoice's counterparty as labelled parts, never as its keys", () => {
    const counterparty = { name: "Andersson Konsult AB", address: "Storgatan 12", orgNumber: "556814-2730" };
    expect(sv.parts(counterparty)).toEqual([
      { label: "Namn", value: "Andersson Konsult AB" },
      { label: "Adress", value: "Storgatan 12" },
      { label: "Organisationsnummer", value: "556814-2730" },
    ]);
    const text = en.text(col("counterparty", "json"), counterparty);
    expect(text).toBe("Name: Andersson Konsult AB, Address: Storgatan 12, Organisation number: 556814-2730");
    expect(text).not.toMatch(/orgNumber|;/);
  });

  it("leaves out empty parts and formats the rest", () => {
    const shared = { payerEmail: "a@example.se", cardBrand: "Visa", cardLast4: "0417", x: null };
    expect(partsText(sv.parts(shared))).toBe(
      "Betalarens e-postadress: a@example.se, Kortsort: Visa, Kortets sista fyra siffror: 0417",
    );
    expect(en.parts({ paid: true, at: "2026-07-01T10:00:00.000Z" })).toEqual([
      { label: "paid", value: "Yes" },
      { label: "When", value: "1 Jul 2026, 12:00" },
    ]);
  });
});

describe("devices, recipients and case references", () => {
  it("describes a device in the reader's language", () => {
    const described: [Formatter, string | null, string][] = [
      [sv, "Chrome on Linux", "Chrome på Linux"],
      [en, "Chrome on Linux", "Chrome on Linux"],
      [sv, "Browser on another system", "Webbläsare på annat system"],
      [sv, "Unknown device", "Okänd enhet"],
      [en, null, "Unknown device"],
    ];
    for (const [f, device, text] of described) expect(f.device(device)).toBe(text);
  });

  it("names a seeded recipient in one language, and an admin's rename as it is", () => {
    const transport = RECIPIENTS.find((r) => r.key === "transport")!;
    expect(transport.name).toContain(" / ");
    expect(recipientName("transport", "sv", transport.name)).toBe("Transportföretag");
    expect(recipientName("transport", "en", transport.name)).toBe("Transport companies");
    expect(recipientName("transport", "en")).toBe("Transport companies");
    expect(recipientName("transport", "sv", "Bring och PostNord")).toBe("Bring och PostNord");
    expect(recipientName("unknown_key", "sv", null)).toBe("unknown_key");
    for (const r of RECIPIENTS) {
      for (const locale of ["sv", "en"] as const)
        expect(recipientName(r.key, locale, r.name)).not.toContain(" / ");
    }
  });

  it("gives a request a short, stable case reference", () => {
    const ref = caseReference("cmabc123def456ghi789jkl0");
    expect(ref).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(caseReference("cmabc123def456ghi789jkl0")).toBe(ref);
    expect(caseReference("cmabc123def456ghi789jkl1")).not.toBe(ref);
    const many = new Set(Array.from({ length: 5000 }, (_, i) => caseReference(`c${i}`)));
    expect(many.size).toBe(5000);
  });
});
