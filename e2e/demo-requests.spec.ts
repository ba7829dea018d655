// The demo-seeded portal (scripts/e2e-server.ts seeds as `npm run demo` does): staff signing in for
// the first time find requests in every state they meet, on the legal clock, without creating any.
import { test, expect, DEMO, loginAs } from "./fixtures";

test("staff find the demo's requests in the queue: new, awaiting confirmation, due soon, overdue, extended, awaiting a fee, refused, with open tasks", async ({
  page,
  context,
}) => {
  await loginAs(context, DEMO.staff);

  await page.goto("/staff");
  await expect(page.getByText(/^[1-9]\d* försenade$/)).toBeVisible();
  await expect(page.getByText(/^[1-9]\d* snart förfallna$/)).toBeVisible();

  await page.goto("/staff/requests?status=all");
  await expect(page.getByRole("heading", { level: 1, name: "Ärendekön" })).toBeVisible();
  const row = (name: string, type: string) =>
    page.getByRole("row").filter({ hasText: name }).filter({ hasText: type });

  const olle = row("Olle Nilsson", "Kopia (registerutdrag)");
  await expect(olle).toHaveCount(1);
  await expect(olle).toContainText("Mottaget");
  await expect(olle).toContainText("I tid");
  await expect(olle).toContainText("brev");

  await expect(row("Petra Holm", "Radering")).toContainText("Väntar på personens bekräftelse");

  const maja = row("Maja Berg", "Rättelse");
  await expect(maja).toContainText("Förfaller snart");
  await expect(maja).toContainText("Sven Support");

  await expect(row("Gustav Lund", "Invändning")).toContainText("Försenat");

  const hanna = row("Hanna Ek", "Kopia (registerutdrag)");
  await expect(hanna).toContainText("förlängd");
  await expect(hanna).toContainText("I tid");

  await expect(row("Ingrid Sjöberg", "Ytterligare kopia")).toContainText(
    "Väntar på att personen godkänner avgiften",
  );
  await expect(row("Ingrid Sjöberg", "Kopia (registerutdrag)")).toContainText("Klart");

  await expect(row("Johan Strand", "Rättelse")).toContainText("Avslaget");

  const karin = row("Karin Dahl", "Kopia (registerutdrag)");
  await expect(karin).toContainText("Pågår");
  const openTasks = Number(await karin.getByRole("cell").last().innerText());
  expect(openTasks).toBeGreaterThan(0);

  // The request page shows Karin's recipient checklist, each task to be ticked by a named person.
  await karin.getByRole("link", { name: "Kopia (registerutdrag)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("#tasks-heading")).toBeVisible();
  await expect(page.locator("body")).toContainText(/paypal/i);

  // The open queue (the default) leaves the refused and completed ones out.
  await page.goto("/staff/requests");
  await expect(row("Gustav Lund", "Invändning")).toHaveCount(1);
  await expect(row("Johan Strand", "Rättelse")).toHaveCount(0);
});
