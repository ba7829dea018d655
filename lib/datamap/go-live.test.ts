// The "before going live" list: what the company has not stated yet, shrinking as an admin states it,
// and a purpose inheriting its category's basis on the pages as in the list. Other test files share the
// database and read the data map: changes here are made in a transaction that is rolled back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb, type Tx } from "../db";
import { EXAMPLE_COMPANY } from "../env";
import { seedDemo } from "../seed/demo";
import { makeStaffActor } from "../../test/staff-support";
import { goLiveItems, goLiveReminder, listGoLive, type GoLiveFacts } from "./go-live";
import { purposeLegalBasis } from "./legal-basis";
import { CATEGORIES, PURPOSES, RECIPIENTS } from "./policy-map";
import { loadDataMap } from "./read";

beforeAll(async () => {
  await seedDemo();
});

afterAll(async () => {
  await disconnectDb();
});

function facts(): GoLiveFacts {
  return {
    categories: [
      {
        key: "contact",
        nameSv: "Kontaktuppgifter",
        nameEn: "Contact details",
        legalBasis: null,
        automatedDecision: null,
        retentionSv: "Policyn anger ingen fast tid – bekräftas av företaget.",
        retentionEn: "The policy states no fixed period – to be confirmed by the company.",
        purposes: [{ purposeKey: "communication" }, { purposeKey: "marketing" }],
      },
      {
        key: "marketing",
        nameSv: "Nyhetsbrev och marknadsföring",
        nameEn: "Newsletter and marketing",
        legalBasis: null,
        automatedDecision: false,
        retentionSv: "Tills du avregistrerar dig.",
        retentionEn: "Until you unsubscribe.",
        purposes: [{ purposeKey: "marketing" }],
      },
    ],
    purposes: [
      { key: "communication", textSv: "Kommunikation", textEn: "Communication", legalBasis: null },
      { key: "marketing", textSv: "Nyhetsbrev", textEn: "Newsletters", legalBasis: null },
    ],
    recipients: [
      { key: "m365", name: "Microsoft 365", outsideEea: null, safeguard: null },
      { key: "wix", name: "WIX", outsideEea: true, safeguard: null },
      { key: "paypal", name: "PayPal", outsideEea: false, safeguard: null },
    ],
    company: { ...EXAMPLE_COMPANY },
  };
}

const ids = (f: GoLiveFacts) => goLiveItems(f, "en").map((i) => `${i.kind}:${i.key}`);

describe("purposeLegalBasis", () => {
  it("is the purpose's own basis, else its category's, else unstated", () => {
    expect(purposeLegalBasis("consent", "contract")).toBe("consent");
    expect(purposeLegalBasis(null, "contract")).toBe("contract");
    expect(purposeLegalBasis(null, null)).toBeNull();
  });
});

describe("goLiveItems", () => {
  it("lists every unstated fact, each with where it is set", () => {
    const items = goLiveItems(facts(), "sv");
    expect(items.map((i) => `${i.kind}:${i.key}`)).toEqual([
      "category_basis:contact",
      "category_basis:marketing",
      "purpose_basis:communication",
      "purpose_basis:marketing",
      "transfer:m365",
      "safeguard:wix",
      "automated:contact",
      "retention:contact",
      "company_name:COMPANY_NAME",
      "company_email:COMPANY_EMAIL",
    ]);
    expect(items[0]).toMatchObject({
      label: "Kontaktuppgifter",
      href: "/staff/settings?open=category-contact#category-contact",
    });
    expect(items.find((i) => i.key === "marketing" && i.kind === "purpose_basis")).toMatchObject({
      where: ["Kontaktuppgifter", "Nyhetsbrev och marknadsföring"],
      href: "/staff/settings?open=purpose-marketing#purpose-marketing",
    });
    expect(items.find((i) => i.kind === "company_name")!.href).toBeNull();
  });

  it("shrinks as facts are set: a purpose inherits its category's basis", () => {
    const f = facts();
    f.categories[0]!.legalBasis = "contract";
    // Communication is only in the contact category: inherited, nothing left to state.
    expect(ids(f)).not.toContain("category_basis:contact");
    expect(ids(f)).not.toContain("purpose_basis:communication");
    // Marketing is also in a category without a basis: still listed, there only.
    expect(goLiveItems(f, "en").find((i) => i.kind === "purpose_basis")).toMatchObject({
      key: "marketing",
      where: ["Newsletter and marketing"],
    });
    f.purposes[1]!.legalBasis = "consent";
    expect(ids(f)).not.toContain("purpose_basis:marketing");
    expect(ids(f)).toContain("category_basis:marketing");

    f.recipients[0]!.outsideEea = false;
    f.recipients[1]!.safeguard = "EU:s standardavtalsklausuler";
    f.categories[0]!.automatedDecision = false;
    f.categories[0]!.retentionSv = "Tre år efter senaste köpet.";
    f.categories[0]!.retentionEn = "Three years after the last purchase.";
    f.categories[1]!.legalBasis = "consent";
    f.company = { name: "Riktiga Bolaget AB", email: "dataskydd@riktiga.se" };
    expect(ids(f)).toEqual([]);
  });
});

describe("listGoLive", () => {
  it("refuses staff who are not admins", async () => {
    const staff = await makeStaffActor("staff");
    await expect(listGoLive(staff, "sv")).rejects.toMatchObject({ code: "forbidden" });
  });

  it("reminds admins with the list's length, and no one else", async () => {
    const admin = await makeStaffActor("admin");
    expect(await goLiveReminder(admin)).toBe((await listGoLive(admin, "en")).length);
    expect(await goLiveReminder(await makeStaffActor("staff"))).toBeNull();
    expect(await goLiveReminder(null)).toBeNull();
  });

  it("gives an admin the seeded map's unstated facts, which shrink as a category's basis is set", async () => {
    const admin = await makeStaffActor("admin");
    const rollback = new Error("rollback");
    await expect(
      db.$transaction(async (tx: Tx) => {
        // The policy states none of these: every category, purpose and recipient is listed.
        await tx.dataCategory.updateMany({ data: { legalBasis: null } });
        await tx.purpose.updateMany({ data: { legalBasis: null } });
        const before = await listGoLive(admin, "sv", tx);
        // Each name in the reader's language: never the seeded "Transportföretag / Transport companies".
        expect(before.map((i) => i.label).filter((l) => l.includes(" / "))).toEqual([]);
        const of = (items: typeof before, kind: string) =>
          items.filter((i) => i.kind === kind).map((i) => i.key);
        expect(of(before, "category_basis")).toEqual(CATEGORIES.map((c) => c.key));
        expect(of(before, "purpose_basis").sort()).toEqual(PURPOSES.map((p) => p.key).sort());
        expect(of(before, "transfer").sort()).toEqual(RECIPIENTS.map((r) => r.key).sort());
        expect(of(before, "automated")).toEqual(CATEGORIES.map((c) => c.key));

        // One category's basis set: it and the purposes only it holds leave the list.
        await tx.dataCategory.update({
          where: { key: "authorities" },
          data: { legalBasis: "legal_obligation" },
        });
        const after = await listGoLive(admin, "sv", tx);
        expect(of(after, "category_basis")).not.toContain("authorities");
        expect(after.length).toBeLessThan(before.length);
        // legal_compliance is also in other categories without a basis: still listed, not there.
        const compliance = after.find((i) => i.kind === "purpose_basis" && i.key === "legal_compliance");
        expect(compliance?.where).not.toContain("Utlämnanden till myndigheter");

        // The pages read the same rule: each purpose of the category shows the category's basis.
        const map = await loadDataMap("sv", tx);
        const authorities = map.find((c) => c.key === "authorities")!;
        expect(authorities.legalBasis).toBe("legal_obligation");
        expect(authorities.purposes.map((p) => p.legalBasis)).toEqual(
          authorities.purposes.map(() => "legal_obligation"),
        );
        expect(map.find((c) => c.key === "contact")!.purposes.every((p) => p.legalBasis === null)).toBe(true);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });
});
