// The staff console speaks words, not codes: every staff page, in Swedish and in English, is read
// for a message key (`staffconsole.foo`), a field key (the schema's camelCase field names), an enum
// value or data map id (snake_case codes) or an audit action name. The codes come from the sources:
// the generated Prisma client's enums and scalar fields, the data map, the audit action list and the
// keys of the label tables (consent states, legal bases, methods, actor kinds, task kinds). People's
// own data is not the console's words: the audit entry's stored record (`data-verbatim`) is left out.
import { readdirSync, readFileSync } from "node:fs";
import {
  test,
  expect,
  DEMO,
  loginAs,
  createPerson,
  PORT,
  furtherCopyWithOpenTask,
  impersonate,
} from "./fixtures";
import * as prismaEnums from "../lib/generated/prisma/enums";
import * as prismaNamespace from "../lib/generated/prisma/internal/prismaNamespaceBrowser";
import { CATEGORIES, CONSENT_TOPICS, PURPOSES, RECIPIENTS } from "../lib/datamap/policy-map";
import { AUDIT_ACTIONS } from "../lib/audit/actions";
import { TASK_KINDS } from "../lib/privacy/tasks";

const labels = JSON.parse(readFileSync("messages/en/stafflabels.json", "utf8")) as Record<string, object>;
const snake = /^[a-z0-9]+(_[a-z0-9]+)+$/;
const camel = /^[a-z]+[A-Z][A-Za-z0-9]*$/;

function forbiddenCodes(): string[] {
  const codes = new Set<string>();
  const enumValues = Object.values(prismaEnums).flatMap((e) =>
    e && typeof e === "object" ? Object.values(e as Record<string, string>) : [],
  );
  const fieldNames = Object.entries(prismaNamespace)
    .filter(([name]) => name.endsWith("ScalarFieldEnum"))
    .flatMap(([, e]) => Object.values(e as Record<string, string>));
  const dataMapIds = [...CATEGORIES, ...CONSENT_TOPICS, ...PURPOSES, ...RECIPIENTS].map((x) => x.key);
  // Every code the label tables translate (consent states, legal bases, methods, actor kinds, ...).
  const labelled = Object.entries(labels)
    .filter(([group]) => group !== "auditActions" && group !== "taskFacts" && group !== "wording")
    .flatMap(([, table]) => Object.keys(table));
  for (const code of [...enumValues, ...fieldNames, ...dataMapIds, ...labelled, ...TASK_KINDS]) {
    if (snake.test(code) || camel.test(code)) codes.add(code);
  }
  // A recipient's key where its name is the same word spelt otherwise ("wix" for WIX, "paypal" for PayPal).
  for (const r of RECIPIENTS) {
    const names = [r.name, r.nameSv, r.nameEn];
    if (names.some((n) => n.toLowerCase() === r.key && n !== r.key)) codes.add(r.key);
  }
  for (const action of AUDIT_ACTIONS) codes.add(action);
  return [...codes];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const CODES = forbiddenCodes();
const CODE_PATTERN = new RegExp(
  `(?<![A-Za-z0-9_.@-])(${CODES.map(escape).join("|")})(?![A-Za-z0-9_@-])`,
  "g",
);
const NAMESPACES = readdirSync("messages/sv").map((f) => f.replace(/\.json$/, ""));
const KEY_PATTERN = new RegExp(`(?<![A-Za-z0-9_@-])(${NAMESPACES.join("|")})(\\.[a-z][A-Za-z_]*)+`, "g");

/**
 * The page's text as a reader meets it (every <details> opened), without the audit entries' stored
 * records. The page is changed in place: read it last.
 */
async function visibleText(page: import("@playwright/test").Page): Promise<string> {
  return page.evaluate(() => {
    document.querySelectorAll("[data-verbatim]").forEach((n) => n.remove());
    document.querySelectorAll("details").forEach((d) => (d.open = true));
    return document.body.innerText;
  });
}

test("the pattern catches what the console used to show", () => {
  const old =
    "wix · rättelse, google_analytics, email: objected (consent), phone: objected (allowed_until_objection), firstName, billingPostcode, deletion.cancelled, staffconsole.tasks.foo";
  const found = [...old.matchAll(CODE_PATTERN), ...old.matchAll(KEY_PATTERN)].map((m) => m[0]);
  expect(found).toEqual(
    expect.arrayContaining([
      "wix",
      "google_analytics",
      "allowed_until_objection",
      "firstName",
      "billingPostcode",
      "deletion.cancelled",
      "staffconsole.tasks.foo",
    ]),
  );
  // Ordinary words and addresses are not codes.
  expect([
    ..."E-post, WIX, PayPal, the newsletter partner, anna.andersson@demo.example".matchAll(CODE_PATTERN),
  ]).toEqual([]);
});

for (const locale of ["sv", "en"] as const) {
  test(`staff pages show words, not codes (${locale})`, async ({ page, context, browser, db }) => {
    await context.addCookies([{ name: "portal.lang", value: locale, url: `http://localhost:${PORT}` }]);
    const person = await createPerson({ firstName: "Vera" });
    const request = await furtherCopyWithOpenTask(person.id);
    const { audit } = await import("../lib/audit/append");
    const { createRecipientTask } = await import("../lib/privacy/tasks");
    await db.$transaction(async (tx) => {
      await tx.recipientTask.create({
        data: {
          requestId: request.id,
          personId: person.id,
          recipientKey: "wix",
          kind: "correction_instruction",
          fields: ["firstName", "billingPostcode"],
          facts: { categories: ["identity", "addresses"] },
        },
      });
      await createRecipientTask(tx, {
        requestId: request.id,
        personId: person.id,
        recipientKey: "google_analytics",
        kind: "restriction_notice",
      });
      await tx.consentState.createMany({
        data: [
          { personId: person.id, channel: "email", status: "objected", legalBasis: "consent" },
          {
            personId: person.id,
            channel: "phone",
            status: "objected",
            legalBasis: "allowed_until_objection",
          },
        ],
      });
      await tx.consentEvent.createMany({
        data: [
          {
            personId: person.id,
            channel: "email",
            action: "objected",
            method: "one_click",
            wordingVersion: "2026-11",
            legalBasis: "existing_customer",
            actorType: "person_link",
          },
          {
            personId: person.id,
            channel: "post",
            action: "withdrawn",
            method: "newsletter_partner",
            wordingVersion: "partner",
            legalBasis: "allowed_until_objection",
            actorType: "partner",
          },
        ],
      });
      await tx.changeEntry.createMany({
        data: [
          { personId: person.id, field: "firstName", actorType: "person" },
          { personId: person.id, field: "billingPostcode", actorType: "impersonation" },
        ],
      });
      const actor = { kind: "system" as const, name: "deletion" as const };
      await audit(tx, actor, {
        action: "deletion.cancelled",
        personId: person.id,
        targetType: "request",
        targetId: request.id,
      });
      await audit(tx, actor, {
        action: "rectification.recipient_told",
        personId: person.id,
        targetType: "recipient",
        targetId: "google_analytics",
      });
      await audit(tx, actor, { action: "erasure.step.portal_data", personId: person.id });
    });
    // An impersonation, from another browser, for the impersonations page.
    const other = await browser.newContext();
    await impersonate(other, DEMO.staff, person.id, "Samtal 4711");
    await other.close();

    await loginAs(context, DEMO.admin);
    const pages = [
      "/staff",
      "/staff/requests",
      "/staff/requests?status=awaiting_confirmation",
      `/staff/requests/${request.id}`,
      `/staff/people/${person.id}`,
      "/staff/tasks",
      "/staff/audit",
      `/staff/audit?personId=${person.id}`,
      "/staff/impersonations",
      "/staff/newsletter",
      "/staff/go-live",
      "/staff/settings",
      "/staff/settings/connectors",
    ];
    // A recipient's seeded name holds both languages ("Transportföretag / Transport companies"): a page
    // shows the one of its own language.
    const bilingual = RECIPIENTS.map((r) => r.name).filter((n) => n.includes(" / "));
    const problems: string[] = [];
    for (const path of pages) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      const text = await visibleText(page);
      for (const m of [...text.matchAll(CODE_PATTERN), ...text.matchAll(KEY_PATTERN)]) {
        problems.push(`${path}: "${m[0]}" in "…${text.slice(Math.max(0, m.index - 40), m.index + 40)}…"`);
      }
      for (const name of bilingual) if (text.includes(name)) problems.push(`${path}: "${name}"`);
    }
    expect(problems).toEqual([]);

    // The words themselves, where the console used to show codes.
    await page.goto(`/staff/people/${person.id}`);
    const sv = locale === "sv";
    await expect(
      page.getByText(sv ? "tillåtet tills personen invänder" : "allowed until the person objects").first(),
    ).toBeVisible();
    await expect(
      page.getByRole("cell", { name: sv ? "Fakturaadress: postnummer" : "Billing address: postcode" }),
    ).toBeVisible();
    await expect(
      page.getByRole("cell", { name: sv ? "Radering återkallad" : "Deletion cancelled" }),
    ).toBeVisible();
    await page.goto(`/staff/requests/${request.id}`);
    await expect(
      page.getByText(
        sv ? "Fält: Förnamn, Fakturaadress: postnummer" : "Fields: First name, Billing address: postcode",
      ),
    ).toBeVisible();
    await expect(page.getByText("Google Analytics").first()).toBeVisible();
    // One queue link in the navigation.
    await expect(
      page.getByRole("link", { name: sv ? "Ärendekön" : "Request queue", exact: true }),
    ).toHaveCount(1);
  });
}
