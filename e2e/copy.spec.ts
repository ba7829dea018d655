// My data, the copy and my requests, end to end: Anna sees her data (identity number masked, what the
// company has not stated shown as such), makes her free copy, watches it being built, downloads it and
// checks it, sees when the next free copy is due, and a second request becomes a further-copy request.
// The download link is then tried by the wrong people: Erik (another person), a forger, an expired
// link, Anna with a stale sign-in, and staff impersonating Anna (the bug each guards is named).
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { readFileSync } from "node:fs";
import { DEMO, expect, getDb, loginAs, PORT, test, waitForEmails } from "./fixtures";
import { decryptWith, existingDataKey } from "../lib/crypto/keys";
import { copyDownloadPath, copyLinkQuery } from "../lib/privacy/copy/link";

test.describe.configure({ mode: "serial" });

const BASE = `http://localhost:${PORT}`;

test.beforeAll(async ({ db }) => {
  // This spec owns Anna's copies and copy requests: start from none, so a rerun on the same
  // database sees the free copy available again.
  const anna = await db.person.findUniqueOrThrow({ where: { email: DEMO.anna } });
  await db.copy.deleteMany({ where: { personId: anna.id } });
  await db.request.deleteMany({ where: { personId: anna.id, type: { in: ["copy", "further_copy"] } } });
});

/** WCAG 2.1 AA in every state these pages reach (pages.spec.ts covers the state they first open in). */
async function noAxeViolations(page: Page, what: string) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    axe.violations.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

async function annaPersonnummer(): Promise<{ id: string; pnr: string }> {
  const db = await getDb();
  const anna = await db.person.findUniqueOrThrow({ where: { email: DEMO.anna } });
  const pnr = decryptWith(await existingDataKey(db, anna.id), anna.personnummerEnc);
  if (!pnr) throw new Error("Anna has no personnummer");
  return { id: anna.id, pnr };
}

test("Anna sees her data, makes her free copy, downloads it, and a second request goes to staff", async ({
  page,
  context,
  db,
}) => {
  test.setTimeout(300_000);
  const { pnr } = await annaPersonnummer();
  await loginAs(context, DEMO.anna);

  // My data: a summary of every category with values; each category's page has its records (the
  // identity number masked) and the Art. 15 facts, unstated ones shown as such.
  await page.goto("/my-data");
  await expect(page.getByRole("heading", { level: 1, name: "Mina uppgifter" })).toBeVisible();
  for (const name of [
    "Kontaktuppgifter",
    "Personuppgifter",
    "Köp-, betalnings- och kredithistorik",
    "Enhetsinformation",
  ]) {
    await expect(page.getByRole("heading", { level: 3, name, exact: true })).toBeVisible();
  }
  const web = page.locator('li[data-category="web_usage"]');
  await expect(web).toContainText(/\d+ poster · Senast \d{1,2} \w+ \d{4} · Finns i /);
  expect(await page.content()).not.toContain(pnr);
  await page.getByRole("link", { name: "Personuppgifter", exact: true }).click();
  await expect(page).toHaveURL(/category=identity/);
  await expect(page.getByText(`${pnr.slice(0, 8)}-****`, { exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(pnr);
  await expect(page.getByText("Ska bekräftas av företaget").first()).toBeVisible();
  // A long history is paged.
  await page.goto("/my-data");
  await page.getByRole("link", { name: "Hur du använder våra webbtjänster", exact: true }).click();
  await expect(page).toHaveURL(/category=web_usage/);
  await page.getByRole("link", { name: "Nästa sida" }).first().click();
  await expect(page.getByText(/Sida 2 av \d+/).first()).toBeVisible();
  await noAxeViolations(page, "my data, page 2");

  // The copy: request, progress, then the download.
  await page.goto("/copy");
  await expect(page.getByText("Du kan få din kostnadsfria kopia nu.")).toBeVisible();
  await page.getByRole("button", { name: "Gör min kopia" }).click();
  await expect(page.getByRole("heading", { name: "Din kopia förbereds" })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Hur långt din kopia har kommit" })).toBeVisible();
  await noAxeViolations(page, "copy being built");
  await expect(page.getByRole("heading", { name: "Din kopia är klar" })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText(/Nästa kostnadsfria kopia kan göras från och med den/)).toBeVisible();
  await expect(page.getByText(/Din senaste kostnadsfria kopia gjordes den/)).toBeVisible();
  await noAxeViolations(page, "copy ready");

  // The read pool's idle connections close after a second on the test server: pages, the progress
  // poll and the download keep answering the owner as connections come and go.
  for (let round = 0; round < 2; round++) {
    await page.waitForTimeout(2_500);
    await page.goto("/my-data");
    await expect(page.getByRole("heading", { level: 1, name: "Mina uppgifter" })).toBeVisible();
    await page.waitForTimeout(2_500);
    const status = await page.request.get("/api/exports/status");
    expect(status.status()).toBe(200);
    expect(((await status.json()) as { status: string }).status).toBe("ready");
  }
  await page.goto("/copy");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Ladda ner din kopia/ }).click(),
  ]);
  const zip = readFileSync((await download.path())!);
  const files = unzipSync(new Uint8Array(zip));
  const data = JSON.parse(strFromU8(files["data.json"]!)) as {
    categories: {
      key: string;
      empty: boolean;
      sections: { key: string; rows: Record<string, unknown>[] }[];
    }[];
  };
  expect(data.categories).toHaveLength(14);
  expect(data.categories.every((c) => !c.empty)).toBe(true);
  const identity = data.categories.find((c) => c.key === "identity")!.sections[0]!;
  expect(identity.rows[0]!.personnummer).toBe(pnr);
  const csvs = Object.keys(files).filter((f) => f.startsWith("csv/"));
  expect(csvs).toHaveLength(14);
  for (const f of csvs) expect([...files[f]!.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  for (const f of ["README.txt", "report.html", "art15.html", "art15.json"]) expect(files[f]).toBeDefined();

  // The report opens in a browser without asking anything of anyone.
  const report = strFromU8(files["report.html"]!);
  const viewer = await context.newPage();
  const requests: string[] = [];
  viewer.on("request", (r) => {
    if (!r.url().startsWith("data:")) requests.push(r.url());
  });
  await viewer.setContent(report, { waitUntil: "load" });
  await expect(viewer.getByRole("heading", { level: 1 })).toContainText("Dina personuppgifter hos");
  await expect(viewer.getByText(pnr).first()).toBeVisible();
  expect(requests).toEqual([]);
  await viewer.close();

  // The person is told by email when the copy is ready.
  const mails = await waitForEmails(DEMO.anna, 1, 30_000);
  expect(mails.some((m) => m.subject === "Din kopia av dina uppgifter är klar")).toBe(true);

  // A further copy within 12 months: a request for staff, with the fee explained first.
  await page.goto("/copy");
  await expect(
    page.getByText(/En rimlig avgift som grundar sig på våra kostnader kan tillkomma/),
  ).toBeVisible();
  await page.getByRole("button", { name: "Begär ytterligare en kopia" }).click();
  await expect(page.getByText(/Du begärde ytterligare en kopia den/)).toBeVisible();
  const anna = await db.person.findUniqueOrThrow({ where: { email: DEMO.anna } });
  expect(await db.copy.count({ where: { personId: anna.id } })).toBe(1);

  await page.goto("/requests");
  const further = page.locator('tr[data-request-type="further_copy"]');
  await expect(further).toContainText("Ytterligare kopia");
  await expect(further).toContainText("Mottaget");
  await expect(further.locator(".badge")).toBeVisible();
  await expect(page.locator('tr[data-request-type="copy"]')).toContainText("Kopia av mina uppgifter");
  await noAxeViolations(page, "my requests");
});

test("the download link works only for Anna, recently signed in, and never for staff as Anna", async ({
  browser,
  db,
}) => {
  const { id: annaId } = await annaPersonnummer();
  const copy = await db.copy.findFirstOrThrow({ where: { personId: annaId, status: "ready" } });
  const link = copyDownloadPath(copy.id, annaId, copy.expiresAt!);
  const get = async (ctx: Awaited<ReturnType<typeof browser.newContext>>, url: string) =>
    ctx.request.get(`${BASE}${url}`, { maxRedirects: 0 });

  // Guards: a link forwarded to someone else must not open their copy.
  const erik = await browser.newContext();
  await loginAs(erik, DEMO.erik);
  const asErik = await get(erik, link);
  expect(asErik.status()).toBe(404);
  expect((await asErik.body()).length).toBeLessThan(100);
  await erik.close();

  const anna = await browser.newContext();
  await loginAs(anna, DEMO.anna);
  // Guards: a link with a made-up or altered signature, or a moved expiry.
  const forged = link.replace(/sig=[^&]+/, "sig=" + "A".repeat(43));
  expect((await get(anna, forged)).status()).toBe(404);
  const moved = link.replace(/exp=(\d+)/, (_, e: string) => `exp=${Number(e) + 86_400}`);
  expect((await get(anna, moved)).status()).toBe(404);
  // Guards: an expired link, even correctly signed.
  const past = copyLinkQuery(copy.id, annaId, new Date(Date.now() - 60_000));
  expect((await get(anna, `/api/exports/${copy.id}?exp=${past.exp}&sig=${past.sig}`)).status()).toBe(404);
  // The right link works.
  const ok = await get(anna, link);
  expect(ok.status()).toBe(200);
  expect(ok.headers()["content-type"]).toBe("application/zip");
  expect(unzipSync(new Uint8Array(await ok.body()))["data.json"]).toBeDefined();
  await anna.close();

  // Guards: a sign-in that is not recent must confirm first (step-up).
  const stale = await browser.newContext();
  await loginAs(stale, DEMO.anna, { signedInMinutesAgo: 30 });
  const res = await get(stale, link);
  expect(res.status()).toBe(303);
  expect(res.headers()["location"]).toContain("/step-up?next=%2Fcopy");
  await stale.close();

  // Guards: staff impersonating Anna can see the page, but cannot request or download a copy.
  const staff = await browser.newContext();
  const { sessionId } = await loginAs(staff, DEMO.staff);
  const member = await db.staffMember.findUniqueOrThrow({ where: { email: DEMO.staff } });
  await db.impersonation.create({
    data: {
      staffMemberId: member.id,
      sessionId,
      personId: annaId,
      reason: "E2E: phone support",
      expiresAt: new Date(Date.now() + 10 * 60_000),
    },
  });
  expect((await get(staff, link)).status()).toBe(403);
  const page = await staff.newPage();
  await page.goto("/copy");
  await expect(page.getByText("Du ser portalen som personen")).toBeVisible();
  await expect(page.getByRole("button", { name: /Gör min kopia|Begär ytterligare en kopia/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Ladda ner din kopia/ })).toHaveCount(0);
  // Their view of "my data" is in Anna's activity, with the reason.
  await page.goto("/my-data");
  await expect(page.getByRole("heading", { level: 1, name: "Mina uppgifter" })).toBeVisible();
  const seen = await db.accessEvent.findFirst({
    where: { personId: annaId, kind: "data_viewed_by_staff", staffMemberId: member.id },
    orderBy: { at: "desc" },
  });
  expect(seen?.reason).toBe("E2E: phone support");
  await staff.close();

  // Not signed in at all: to the sign-in page, nothing served.
  const nobody = await browser.newContext();
  const anon = await get(nobody, link);
  expect(anon.status()).toBe(303);
  expect(anon.headers()["location"]).toContain("/sign-in");
  await nobody.close();
});

test("a newsletter subscriber's overview fits in a few screens and names what is not held", async ({
  page,
  context,
}) => {
  await loginAs(context, DEMO.lisa);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/my-data");
  await expect(page.getByRole("heading", { level: 2, name: "Det här har vi om dig" })).toBeVisible();
  await expect(page.locator('li[data-category="marketing"]')).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Här har vi inget om dig" })).toBeVisible();
  await expect(
    page.getByRole("link", { name: "Köp-, betalnings- och kredithistorik", exact: true }),
  ).toBeVisible();
  // No category's full facts on the overview: a few screens, not fourteen cards of them.
  await expect(page.getByText("Ska bekräftas av företaget")).toHaveCount(0);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(3 * 800);
  await noAxeViolations(page, "a subscriber's overview");

  // In English too.
  await context.addCookies([{ name: "portal.lang", value: "en", url: BASE }]);
  await page.goto("/my-data");
  await expect(page.getByRole("heading", { level: 2, name: "What we hold about you" })).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 2, name: "Where we hold nothing about you" }),
  ).toBeVisible();
});
