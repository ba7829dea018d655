// Sending a newsletter from the staff console as an admin, in the browser: preview, the number it
// reaches, a double-clicked send that sends once, the emails (through the fake Resend API) with their
// RFC 8058 headers, the outbox with the List-Unsubscribe link, the one-click POST that unsubscribes a
// recipient (their preferences page shows it) and the link opening the portal's unsubscribe page. A
// staff member who is not an admin is refused.
import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import {
  test,
  expect,
  DEMO,
  PORT,
  createPerson,
  getDb,
  loginAs,
  recordForeignRequests,
  waitForEmails,
} from "./fixtures";

const BASE = `http://localhost:${PORT}`;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function axe(page: import("@playwright/test").Page) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(
    result.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** A topic of this test's own, and people who get email about it. */
async function topicWithRecipients() {
  const db = await getDb();
  const key = `e2e_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const nameSv = `Provtryck ${key.slice(4, 10)}`;
  await db.consentTopic.create({ data: { key, nameSv, nameEn: `Proof ${key.slice(4, 10)}`, sortOrder: 90 } });
  const sv = await createPerson({ firstName: "Signe" });
  const en = await createPerson({ firstName: "Edward" });
  await db.person.update({ where: { id: en.id }, data: { language: "en" } });
  const withdrawn = await createPerson({ firstName: "Vera" });
  await db.consentState.createMany({
    data: [
      { personId: sv.id, channel: "email", topic: key, status: "given", legalBasis: "consent" },
      { personId: en.id, channel: "email", topic: key, status: "given", legalBasis: "consent" },
      { personId: withdrawn.id, channel: "email", topic: key, status: "withdrawn", legalBasis: "consent" },
    ],
  });
  return { key, nameSv, sv, en, withdrawn };
}

test("an admin sends a newsletter in the browser; the outbox shows it; a recipient unsubscribes in one click", async ({
  page,
  context,
  db,
}) => {
  const { key, nameSv, sv, en, withdrawn } = await topicWithRecipients();
  await loginAs(context, DEMO.admin);
  const foreign = recordForeignRequests(page);
  const res = await page.goto("/staff/newsletter");
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Skicka ett nyhetsbrev" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: nameSv })).toContainText("2 personer");

  // Bad input first: a clear message next to the field, nothing sent.
  await page.getByLabel("Ämne", { exact: true }).selectOption(key);
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Rätta det som är markerat" })).toBeVisible();
  const swedish = page.getByRole("group", { name: "På svenska" });
  const english = page.getByRole("group", { name: "På engelska" });
  await expect(swedish.getByText("Skriv en ämnesrad.")).toBeVisible();
  await expect(swedish.getByLabel("Ämnesrad")).toHaveAttribute("aria-invalid", "true");

  const subjectSv = `Provtryck ${key}`;
  await swedish.getByLabel("Ämnesrad").fill(subjectSv);
  await swedish.getByLabel("Text").fill("Hej!\n\nHär kommer våra nyheter.");
  await english.getByLabel("Ämnesrad").fill(`Proof ${key}`);
  await english.getByLabel("Text").fill("Hello,\n\nHere is our news.");
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(page.getByTestId("newsletter-reach")).toHaveText(
    `Nyhetsbrevet om ${nameSv} når i dag 2 personer.`,
  );
  await expect(page.getByRole("article", { name: "Svenska" })).toContainText("Här kommer våra nyheter.");
  await expect(page.getByRole("article", { name: "Engelska" })).toContainText("Here is our news.");
  expect(await db.newsletterSend.count({ where: { topic: key } })).toBe(0);
  await axe(page);

  // A double-click sends once.
  await page.getByRole("button", { name: "Skicka till 2 personer" }).dblclick();
  await expect(page.getByRole("status").filter({ hasText: "skickas nu till 2 personer" })).toBeVisible();
  await expect.poll(() => db.newsletterSend.count({ where: { topic: key } })).toBe(1);
  expect(foreign).toEqual([]);

  // Each recipient gets one email in their own language, with the one-click headers.
  const [toSv] = await waitForEmails(sv.email, 1);
  const [toEn] = await waitForEmails(en.email, 1);
  expect(toSv!.subject).toBe(subjectSv);
  expect(toEn!.subject).toBe(`Proof ${key}`);
  expect(toSv!.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const link = /^<(.+)>$/.exec(toSv!.headers?.["List-Unsubscribe"] ?? "")?.[1];
  expect(link).toMatch(new RegExp(`^${BASE}/api/unsubscribe\\?token=`));
  await expect
    .poll(() => db.emailMessage.count({ where: { personId: withdrawn.id, kind: "newsletter" } }))
    .toBe(0);
  await expect
    .poll(() => db.newsletterSend.findFirst({ where: { topic: key }, select: { status: true, sent: true } }))
    .toEqual({ status: "done", sent: 2 });
  expect(await db.emailMessage.count({ where: { personId: sv.id, kind: "newsletter" } })).toBe(1);

  // The outbox shows the email and its List-Unsubscribe link.
  await page.goto(`/dev/outbox?to=${encodeURIComponent(sv.email)}`);
  const card = page.getByRole("article", { name: subjectSv });
  await expect(card.getByTestId("outbox-list-unsubscribe")).toHaveAttribute("href", link!);

  // The mail client's one-click POST unsubscribes the recipient from that topic.
  const post = await fetch(link!, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  });
  expect(post.status).toBe(200);
  expect(await post.json()).toMatchObject({ unsubscribed: true, changed: 1 });

  // Following the link opens the portal's unsubscribe page.
  await card.getByTestId("outbox-list-unsubscribe").click();
  await expect(page).toHaveURL(/\/unsubscribe\?token=/);
  await expect(page.getByRole("heading", { level: 1, name: "Avsluta prenumeration" })).toBeVisible();

  // The recipient's own preferences page shows it.
  await context.clearCookies();
  await loginAs(context, sv.email);
  await page.goto("/preferences");
  await expect(page.locator(`#want-email-${key}-status`)).toHaveText("Samtycke återkallat");
});

test("a staff member who is not an admin is refused the newsletter page", async ({ page, context }) => {
  await loginAs(context, DEMO.staff);
  const res = await page.goto("/staff/newsletter");
  expect(res?.status()).toBe(404);
  await page.goto("/staff");
  await expect(page.getByRole("navigation", { name: "Personalmeny" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Nyhetsbrev" })).toHaveCount(0);
});
