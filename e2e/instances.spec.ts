// Several instances of the portal on one database, used as a person uses them
// (docs/decisions/0033-copies-in-the-database.md): two demo-mode web servers, A on E2E_PORT and B on
// E2E_PORT+2, and two workers, each with a data folder of its own (scripts/e2e-server.ts). A sign-in
// link asked for through A signs in through B; a copy asked for through A, built by whichever worker
// takes it, downloads through B and lies in no instance's folder; the free copy is one across both
// servers, also when both are asked at once; and sign-in links for one address through both servers
// count against one per-address limit, while another address keeps its own.
import type { Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import {
  createPerson,
  emailsTo,
  expect,
  linkIn,
  PORT,
  SECOND_URL,
  serverEnv,
  signInNewPerson,
  test,
  waitForEmails,
} from "./fixtures";
import { valueFormatter } from "../lib/format/values";
import { addMonths } from "../lib/privacy/copy/free-copy";
import { getSettings } from "../lib/settings";

const A = `http://localhost:${PORT}`;
const B = SECOND_URL;

/** Asks for a sign-in link through the form on one server; says whether it was sent or refused. */
async function askForLink(page: Page, origin: string, email: string): Promise<"sent" | "limited"> {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel(/E-postadress|Email address/).fill(email);
  await page.getByRole("button", { name: /Skicka länk|Send link/ }).click();
  await expect(page).toHaveURL(/\/sign-in(\/check-email|\?error=rate_limited)/);
  expect(new URL(page.url()).origin).toBe(origin);
  if (page.url().includes("rate_limited")) {
    await expect(page.getByText(/många länkar|many links/)).toBeVisible();
    return "limited";
  }
  return "sent";
}

/** Every file under a folder, by path relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" });
}

test("a sign-in link asked for through one server signs the person in through the other", async ({
  page,
  db,
}) => {
  const person = await createPerson({ firstName: "Ingrid", lastName: "Instans" });
  expect(await askForLink(page, A, person.email)).toBe("sent");
  const [mail] = await waitForEmails(person.email, 1);
  const link = new URL(linkIn(mail!, "/sign-in/confirm"));
  expect(link.origin).toBe(A);

  // The next request goes to the other server, as behind a load balancer.
  await page.goto(`${B}${link.pathname}${link.search}`);
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(`${B}/my-data`);
  await expect(page.getByRole("heading", { level: 1, name: /Mina uppgifter|My data/ })).toBeVisible();
  expect(await db.session.count({ where: { user: { email: person.email } } })).toBe(1);
});

test("a copy asked for through one server, built by either worker, downloads through the other, where the free copy is used too", async ({
  page,
  context,
  db,
}) => {
  test.setTimeout(300_000);
  const person = await signInNewPerson(context, { firstName: "Kopia", lastName: "Instansdotter" });

  await page.goto(`${A}/copy`);
  await expect(page.getByText("Du kan få din kostnadsfria kopia nu.")).toBeVisible();
  await page.getByRole("button", { name: "Gör min kopia" }).click();
  await expect(page.getByRole("heading", { name: "Din kopia förbereds" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Din kopia är klar" })).toBeVisible({ timeout: 120_000 });

  // Through B: the ready copy, the date of the next free one, and the download.
  const onB = await context.newPage();
  await onB.goto(`${B}/copy`);
  await expect(onB.getByRole("heading", { name: "Din kopia är klar" })).toBeVisible();
  const copy = await db.copy.findFirstOrThrow({ where: { personId: person.id } });
  const { freeCopyMonths } = await getSettings();
  const nextFree = valueFormatter("sv").dateLong(addMonths(copy.createdAt, freeCopyMonths));
  await expect(
    onB.getByText(`Nästa kostnadsfria kopia kan göras från och med den ${nextFree}.`),
  ).toBeVisible();
  const [download] = await Promise.all([
    onB.waitForEvent("download"),
    onB.getByRole("link", { name: /Ladda ner din kopia/ }).click(),
  ]);
  expect(new URL(download.url()).origin).toBe(B);
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const data = strFromU8(files["data.json"]!);
  for (const value of [person.email, "Kopia", "Instansdotter"]) expect(data).toContain(value);
  expect(files["report.html"]).toBeDefined();

  // Kept in the database, not in any web server's or worker's folder.
  expect((await db.copy.findUniqueOrThrow({ where: { id: copy.id } })).storage).toBe("database");
  expect(await db.copyChunk.count({ where: { copyId: copy.id } })).toBeGreaterThan(0);
  const dirs = serverEnv().exportDirs;
  expect(dirs).toHaveLength(5);
  await expect
    .poll(() => dirs.flatMap((dir) => filesUnder(dir).filter((f) => f.includes(copy.id))))
    .toEqual([]);

  // A further request through B is not the free copy: it goes to staff as a further copy.
  await onB.getByRole("button", { name: "Begär ytterligare en kopia" }).click();
  await expect(onB.getByText(/Du begärde ytterligare en kopia den/)).toBeVisible();
  expect(await db.copy.count({ where: { personId: person.id } })).toBe(1);
  expect(await db.request.count({ where: { personId: person.id, type: "further_copy" } })).toBe(1);
});

test("two requests at once, one through each server, make one free copy", async ({ context, db }) => {
  const person = await signInNewPerson(context, { firstName: "Samtidig" });
  const pages = [await context.newPage(), await context.newPage()];
  await pages[0]!.goto(`${A}/copy`);
  await pages[1]!.goto(`${B}/copy`);
  const buttons = pages.map((p) => p.getByRole("button", { name: "Gör min kopia" }));
  for (const button of buttons) await expect(button).toBeVisible();

  await Promise.all(buttons.map((button) => button.click()));
  // Each server has answered once its page shows the copy.
  for (const p of pages) {
    await expect(p.getByRole("heading", { name: /Din kopia (förbereds|är klar)/ })).toBeVisible();
  }
  expect(await db.copy.count({ where: { personId: person.id } })).toBe(1);
  expect(await db.copy.count({ where: { personId: person.id, free: true } })).toBe(1);
  expect(await db.request.count({ where: { personId: person.id, type: "copy" } })).toBe(1);
  expect(await db.request.count({ where: { personId: person.id, type: "further_copy" } })).toBe(0);
  expect(await db.auditEntry.count({ where: { personId: person.id, action: "copy.requested" } })).toBe(1);
});

test("sign-in links for one address through both servers count against one per-address limit", async ({
  page,
  db,
}) => {
  const { signInLimitPerAddress: limit } = await getSettings(db);
  const servers = [A, B];
  const person = await createPerson();
  for (let i = 0; i < limit; i++) {
    expect(await askForLink(page, servers[i % 2]!, person.email)).toBe("sent");
  }
  await waitForEmails(person.email, limit);
  // One more through either server is refused, and no further email goes out.
  expect(await askForLink(page, servers[limit % 2]!, person.email)).toBe("limited");
  expect(await askForLink(page, servers[(limit + 1) % 2]!, person.email)).toBe("limited");
  await page.waitForTimeout(2_000);
  expect(await emailsTo(person.email)).toHaveLength(limit);

  // The twin: another address, up to the limit through both servers, the other one first, is sent.
  const other = await createPerson();
  for (let i = 0; i < limit; i++) {
    expect(await askForLink(page, servers[(i + 1) % 2]!, other.email)).toBe("sent");
  }
  expect(await waitForEmails(other.email, limit)).toHaveLength(limit);
});
