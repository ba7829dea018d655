// The portal reads as words, in Swedish and in English: the demo customer (data in every category, a
// request and a sign-in from a browser) sees no stored status or method code, no language or country code,
// no `key: value;` dump of a structured value and no bilingual recipient name on any of her pages; her
// statuses, countries, languages and device are in the page's language, and her request carries the same
// short case reference as its emails.
import { test, expect, DEMO, loginAs, PORT } from "./fixtures";
import { CATEGORIES, RECIPIENTS } from "../lib/datamap/policy-map";
import { caseReference } from "../lib/format/case-reference";
import { STORED_CODES } from "../test/raw-codes";

const PAGES = [
  "/my-data",
  ...CATEGORIES.map((c) => `/my-data?category=${c.key}`),
  "/requests",
  "/activity",
  "/copy",
  "/deletion",
  "/details",
];

/** Codes as the records store them, and those of requests and consent: never a whole cell of a page. */
const RAW_CODES = new Set([
  ...STORED_CODES,
  "pending",
  "existing_customer",
  "in_progress",
  "received",
  "objection",
  "en",
]);

/** English status words that a Swedish page must not show anywhere. */
const ENGLISH_STATUSES =
  /\b(processing|delivered|shipped|completed|paid|approved|page_view|visit_start|Chrome on|Unknown device)\b/;
const DUMP = /\b(name|address|orgNumber|payerEmail|cardBrand|cardLast4): [^\n]*;/;
const BILINGUAL = RECIPIENTS.filter((r) => r.name.includes(" / ")).map((r) => r.name);

let annaId = "";
let requestId = "";
let accessEventId = "";

test.beforeAll(async ({ db }) => {
  annaId = (await db.person.findUniqueOrThrow({ where: { email: DEMO.anna } })).id;
  const { createRequest } = await import("../lib/privacy/requests");
  requestId = (
    await db.$transaction((tx) =>
      createRequest(tx, { personId: annaId, type: "objection", status: "completed" }),
    )
  ).id;
  accessEventId = (
    await db.accessEvent.create({
      data: { personId: annaId, kind: "sign_in", device: "Chrome on Linux", language: "sv" },
    })
  ).id;
});

test.afterAll(async ({ db }) => {
  await db.accessEvent.deleteMany({ where: { id: accessEventId } });
  await db.request.deleteMany({ where: { id: requestId } });
});

const EXPECTED = {
  sv: {
    purchases: ["Levererad", "Slutförd"],
    history: ["Betald", "Kort", "PayPal", "Organisationsnummer", "kr"],
    device: ["svenska (Sverige)", "Dator", "centraleuropeisk tid"],
    geo: ["Sverige"],
    marketing: ["Från våra system", "Hur valet gjordes"],
    activity: ["Chrome på Linux", "språk: svenska"],
    deletion: "Transportföretag",
  },
  en: {
    purchases: ["Delivered", "Completed"],
    history: ["Paid", "Card", "PayPal", "Organisation number", "SEK"],
    device: ["Swedish (Sweden)", "Computer", "Central European Time"],
    geo: ["Sweden"],
    marketing: ["From our systems", "How the choice was made"],
    activity: ["Chrome on Linux", "language: Swedish"],
    deletion: "Transport companies",
  },
} as const;

for (const locale of ["sv", "en"] as const) {
  test(`the demo customer's pages read as words in ${locale}`, async ({ page, context }) => {
    test.setTimeout(600_000);
    await context.addCookies([{ name: "portal.lang", value: locale, url: `http://localhost:${PORT}` }]);
    await loginAs(context, DEMO.anna);
    const texts = new Map<string, string>();
    for (const path of PAGES) {
      const res = await page.goto(path);
      expect(res!.status(), path).toBeLessThan(400);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      const main = page.locator("main");
      const text = await main.innerText();
      texts.set(path, text);
      const cells = (await main.locator("td, dd").allInnerTexts()).map((c) => c.trim());
      expect(
        cells.filter((c) => RAW_CODES.has(c)),
        `${path}: cells that are stored codes`,
      ).toEqual([]);
      expect(text, `${path}: a key: value; dump`).not.toMatch(DUMP);
      for (const name of BILINGUAL) expect(text, `${path}: a bilingual recipient name`).not.toContain(name);
      if (locale === "sv") expect(text, `${path}: an English status`).not.toMatch(ENGLISH_STATUSES);
    }

    const w = EXPECTED[locale];
    const category = (key: string) => texts.get(`/my-data?category=${key}`)!;
    for (const word of w.purchases) expect(category("purchases")).toContain(word);
    for (const word of w.history) expect(category("history")).toContain(word);
    for (const word of w.device) expect(category("device")).toContain(word);
    for (const word of w.geo) expect(category("geo")).toContain(word);
    for (const word of w.marketing) expect(category("marketing")).toContain(word);
    for (const word of w.activity) expect(texts.get("/activity")).toContain(word);
    expect(texts.get("/deletion")).toContain(w.deletion);
    // An amount is shown once, with its currency: no currency column beside it.
    await page.goto("/my-data?category=history");
    await expect(
      page.locator("main th", { hasText: locale === "sv" ? /^Valuta$/ : /^Currency$/ }),
    ).toHaveCount(0);
    // The request's case reference, as its emails give it.
    await page.goto("/requests");
    await expect(page.locator("main")).toContainText(caseReference(requestId));
  });
}
