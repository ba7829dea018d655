// Correcting details against the real database: what is written, what is refused, who is told.
import { describe, expect, it } from "vitest";
import { withPartnerConnected } from "@/test/newsletter-partner";
import { db } from "@/lib/db";
import { decryptWith, existingDataKey } from "@/lib/crypto/keys";
import { changeHistory } from "./change-history";
import { correctDetails } from "./correct-details";
import { getDetails } from "./get-details";
import { listToldRecipients } from "./notify-recipients";
import {
  freePersonnummer,
  impersonationActor,
  personWithLogin,
  snapshot,
  staffActor,
  syncJobs,
  tasksByKind,
  refusal,
  withDataMap,
} from "../../../test/rectification-support";

// The newsletter partner is connected unless a test says otherwise.
withPartnerConnected();

withDataMap();

async function decrypted(personId: string) {
  const key = await existingDataKey(db, personId);
  const rows = await db.changeEntry.findMany({ where: { personId }, orderBy: { id: "asc" } });
  return rows.map((r) => ({
    field: r.field,
    old: decryptWith(key, r.oldEnc),
    new: decryptWith(key, r.newEnc),
    actorType: r.actorType,
    staffMemberId: r.staffMemberId,
  }));
}

describe("a name on record", () => {
  it("cannot be cleared or blanked, by the person or staff as them: nothing changes, nobody is told", async () => {
    const { person, actor } = await personWithLogin();
    const staffAsThem = await impersonationActor(person.id);
    const before = await snapshot(person.id);
    for (const [who, input] of [
      [actor, { firstName: "", lastName: "Person" }],
      [actor, { firstName: "Test", lastName: "   " }],
      [actor, { firstName: " ", lastName: "" }],
      [staffAsThem, { firstName: "", lastName: "" }],
    ] as const) {
      const err = await refusal(correctDetails(who, { section: "name", ...input }));
      expect(err.code).toBe("invalid_input");
      expect(Object.values(err.detail ?? {})).toContain("name_cannot_be_removed");
    }
    expect(await snapshot(person.id)).toEqual(before);
  });

  it("is corrected by the right person, and someone with no name on record is not asked for one", async () => {
    const { person, actor } = await personWithLogin();
    const r = await correctDetails(actor, { section: "name", firstName: "Tess", lastName: "Person" });
    expect(r.changed).toEqual(["firstName"]);
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).firstName).toBe("Tess");

    const nameless = await personWithLogin();
    await db.person.update({ where: { id: nameless.person.id }, data: { firstName: null, lastName: null } });
    const none = await correctDetails(nameless.actor, { section: "name", firstName: "", lastName: "" });
    expect(none.changed).toEqual([]);
    expect(none.told).toEqual([]);
  });
});

describe("correcting a detail", () => {
  it("writes only what changed, encrypted in the history, marked for the import, audited", async () => {
    const { person, actor } = await personWithLogin();
    const r = await correctDetails(actor, { section: "name", firstName: "Test", lastName: "Rättad" });
    expect(r.changed).toEqual(["lastName"]);

    const after = await db.person.findUniqueOrThrow({ where: { id: person.id } });
    expect(after.firstName).toBe("Test");
    expect(after.lastName).toBe("Rättad");
    expect(await decrypted(person.id)).toEqual([
      { field: "lastName", old: "Person", new: "Rättad", actorType: "person", staffMemberId: null },
    ]);
    // Stored encrypted, not in clear.
    const raw = await db.changeEntry.findFirstOrThrow({ where: { personId: person.id } });
    expect(Buffer.from(raw.newEnc!).toString("utf8")).not.toContain("Rättad");
    const source = await db.fieldSource.findUniqueOrThrow({
      where: { personId_field: { personId: person.id, field: "lastName" } },
    });
    expect(source.portalUpdatedAt).toBeInstanceOf(Date);
    expect(await db.fieldSource.count({ where: { personId: person.id, field: "firstName" } })).toBe(0);
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { personId: person.id, action: "details.corrected" },
    });
    expect(entry.meta).toEqual({ section: "name", fields: "lastName", count: 1 });
    expect(JSON.stringify(entry.meta)).not.toContain("Rättad");

    // Saving the same values again changes, records and notifies nothing.
    const jobs = await syncJobs(person.id);
    const stamp = (await db.person.findUniqueOrThrow({ where: { id: person.id } })).updatedAt;
    const again = await correctDetails(actor, { section: "name", firstName: "Test", lastName: "Rättad" });
    expect(again.changed).toEqual([]);
    expect(again.told).toEqual([]);
    expect(await db.changeEntry.count({ where: { personId: person.id } })).toBe(1);
    expect(await syncJobs(person.id)).toBe(jobs);
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).updatedAt).toEqual(stamp);
  });

  it("stores Swedish formats normalised: postcode NNN NN and phone E.164", async () => {
    const { person, actor } = await personWithLogin();
    const billing = await correctDetails(actor, {
      section: "billing",
      billingStreet: "Storgatan 12",
      billingPostcode: "11451",
      billingCity: "Stockholm",
      billingCountry: "SE",
    });
    expect(billing.values.billingPostcode).toBe("114 51");
    await correctDetails(actor, { section: "phone", phone: "070-174 06 05" });
    const after = await db.person.findUniqueOrThrow({ where: { id: person.id } });
    expect(after.billingPostcode).toBe("114 51");
    expect(after.phone).toBe("+46701740605");
    // The same number typed differently is no change.
    const same = await correctDetails(actor, { section: "phone", phone: "+46 70 174 06 05" });
    expect(same.changed).toEqual([]);
  });

  it("the server refuses what the form would refuse, with field errors, and changes nothing", async () => {
    const { person, actor } = await personWithLogin();
    await correctDetails(actor, {
      section: "billing",
      billingStreet: "Storgatan 12",
      billingPostcode: "114 51",
      billingCity: "Stockholm",
      billingCountry: "SE",
    });
    const before = await snapshot(person.id);
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [
        {
          section: "billing",
          billingStreet: "",
          billingPostcode: "1145",
          billingCity: "Sthlm",
          billingCountry: "SE",
        },
        { billingStreet: "street_required", billingPostcode: "postcode_invalid_se" },
      ],
      [{ section: "phone", phone: "070-12" }, { phone: "phone_too_short" }],
      [{ section: "phone", phone: "ring mig" }, { phone: "phone_invalid" }],
      [
        { section: "company", companyName: "Bolaget AB", orgNumber: "556814-2731", contactPerson: "" },
        { orgNumber: "org_number_invalid" },
      ],
      [{ section: "name", firstName: "<script>", lastName: "x" }, { firstName: "name_invalid" }],
      [{ section: "language", language: "fr" }, { language: "language_invalid" }],
      [{ section: "billing" }, { billingStreet: "street_invalid" }],
    ];
    for (const [input, fieldErrors] of cases) {
      const err = await refusal(correctDetails(actor, input));
      expect(err.code).toBe("invalid_input");
      expect(err.detail).toMatchObject(fieldErrors);
    }
    expect(await snapshot(person.id)).toEqual(before);
  });

  it("a sole trader's organisation number is kept as a personnummer: encrypted only, masked", async () => {
    const { person, actor } = await personWithLogin();
    const [pnr] = await freePersonnummer(1);
    await correctDetails(actor, {
      section: "company",
      companyName: "Testas Firma",
      orgNumber: pnr!.replace("-", ""),
      contactPerson: "",
    });
    const company = await db.company.findUniqueOrThrow({ where: { personId: person.id } });
    expect(company.soleTrader).toBe(true);
    expect(company.orgNumber).toBeNull();
    const key = await existingDataKey(db, person.id);
    expect(decryptWith(key, company.orgNumberEnc)).toBe(pnr);

    const view = await getDetails(actor);
    expect(view.company?.orgNumberMasked).toBe(`${pnr!.slice(0, 8)}-****`);
    expect(view.sections.company.orgNumber).toBe("");
    const history = await changeHistory(actor);
    const org = history.find((h) => h.field === "orgNumber")!;
    expect(org.new).toBe(`${pnr!.slice(0, 8)}-****`);
    expect(JSON.stringify(history)).not.toContain(pnr!.slice(9));

    // An empty number field keeps the sole trader's number; the name can still change.
    const r = await correctDetails(actor, {
      section: "company",
      companyName: "Testas Nya Firma",
      orgNumber: "",
      contactPerson: "",
    });
    expect(r.changed).toEqual(["companyName"]);
    const kept = await db.company.findUniqueOrThrow({ where: { personId: person.id } });
    expect(decryptWith(key, kept.orgNumberEnc)).toBe(pnr);

    // A company number replaces it, in clear, and the encrypted one is gone.
    await correctDetails(actor, {
      section: "company",
      companyName: "Testas AB",
      orgNumber: "5568142730",
      contactPerson: "Testa Person",
    });
    const ab = await db.company.findUniqueOrThrow({ where: { personId: person.id } });
    expect(ab).toMatchObject({ orgNumber: "556814-2730", orgNumberEnc: null, soleTrader: false });
  });
});

describe("Art. 19: the recipients that hold the corrected field are told", () => {
  it("a name (identity): the newsletter partner by its sync job, the others as staff tasks by role", async () => {
    const { person, actor } = await personWithLogin();
    const r = await correctDetails(actor, { section: "name", firstName: "Ny", lastName: "Namnsson" });
    expect(r.told.map((t) => [t.recipientKey, t.how, t.taskKind])).toEqual([
      ["m365", "staff_task", "correction_instruction"],
      ["newsletter", "connector", null],
      ["paypal", "staff_task", "correction_notice"],
      ["transport", "staff_task", "correction_notice"],
    ]);
    expect(await syncJobs(person.id)).toBe(1);
    expect(await tasksByKind(person.id)).toEqual({
      correction_instruction: ["m365"],
      correction_notice: ["paypal", "transport"],
    });
    const job = await db.$queryRaw<{ data: unknown }[]>`
      SELECT data FROM pgboss.job WHERE name = 'newsletter.sync' AND data->>'personId' = ${person.id}`;
    expect(job[0]!.data).toEqual({ personId: person.id });
    const told = await listToldRecipients(actor, "en");
    expect(told.map((t) => [t.name, t.how]).sort()).toEqual([
      ["Microsoft 365", "staff_task"],
      ["Newsletter partner", "connector"],
      ["PayPal", "staff_task"],
      ["Transport companies", "staff_task"],
    ]);
  });

  it("the company details: only the recipients of the company category (no newsletter)", async () => {
    const { person, actor } = await personWithLogin();
    await correctDetails(actor, {
      section: "company",
      companyName: "Bolaget AB",
      orgNumber: "",
      contactPerson: "",
    });
    expect(await syncJobs(person.id)).toBe(0);
    expect(await tasksByKind(person.id)).toEqual({
      correction_instruction: ["m365"],
      correction_notice: ["paypal"],
    });
  });

  it("the language (contact): only Microsoft 365 holds it", async () => {
    const { person, actor } = await personWithLogin();
    await correctDetails(actor, { section: "language", language: "en" });
    expect(await syncJobs(person.id)).toBe(0);
    expect(await tasksByKind(person.id)).toEqual({ correction_instruction: ["m365"] });
  });
});

describe("impersonation: staff may correct details on the person's behalf", () => {
  it("the change is recorded with both identities, and the history says so", async () => {
    const { person } = await personWithLogin();
    const imp = await impersonationActor(person.id, "Ivar Impersonator");
    await correctDetails(imp, {
      section: "delivery",
      deliveryStreet: "Sveavägen 44",
      deliveryPostcode: "11134",
      deliveryCity: "Stockholm",
      deliveryCountry: "SE",
    });
    const entries = await decrypted(person.id);
    expect(entries.map((e) => [e.field, e.new, e.actorType, e.staffMemberId])).toEqual([
      ["deliveryStreet", "Sveavägen 44", "impersonation", imp.staffMemberId],
      ["deliveryPostcode", "111 34", "impersonation", imp.staffMemberId],
      ["deliveryCity", "Stockholm", "impersonation", imp.staffMemberId],
      ["deliveryCountry", "SE", "impersonation", imp.staffMemberId],
    ]);
    const history = await changeHistory(imp);
    expect(history.every((h) => h.actorType === "impersonation" && h.staffName === "Ivar Impersonator")).toBe(
      true,
    );
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { personId: person.id, action: "details.corrected" },
    });
    expect([audit.actorType, audit.actorId]).toEqual(["impersonation", imp.staffMemberId]);
  });
});

describe("attacker and victim", () => {
  it("no input reaches another person's details: the person is always the actor's", async () => {
    const victim = await personWithLogin();
    const attacker = await personWithLogin();
    const before = await snapshot(victim.person.id);
    await correctDetails(attacker.actor, {
      section: "name",
      firstName: "Hacked",
      lastName: "Hacksson",
      personId: victim.person.id,
      id: victim.person.id,
      email: victim.person.email,
    });
    expect(await snapshot(victim.person.id)).toEqual(before);
    const attackerAfter = await db.person.findUniqueOrThrow({ where: { id: attacker.person.id } });
    expect(attackerAfter.firstName).toBe("Hacked");
    // Staff impersonating the attacker cannot reach the victim either.
    const imp = await impersonationActor(attacker.person.id);
    await correctDetails(imp, { section: "phone", phone: "0701740698", personId: victim.person.id });
    expect(await snapshot(victim.person.id)).toEqual(before);
    // Nor does the attacker read the victim's history or notices.
    expect(await changeHistory(victim.actor)).toEqual([]);
    expect((await changeHistory(attacker.actor)).length).toBe(
      await db.changeEntry.count({ where: { personId: attacker.person.id } }),
    );
    expect((await listToldRecipients(attacker.actor, "sv")).length).toBeGreaterThan(0);
    expect(await listToldRecipients(victim.actor, "sv")).toEqual([]);
  });

  it("staff who are not impersonating, and anonymous callers, correct nothing", async () => {
    const victim = await personWithLogin();
    const before = await snapshot(victim.person.id);
    const staff = await staffActor();
    expect(
      (await refusal(correctDetails(staff, { section: "name", firstName: "X", lastName: "Y" }))).code,
    ).toBe("forbidden");
    expect(
      (await refusal(correctDetails(null, { section: "name", firstName: "X", lastName: "Y" }))).code,
    ).toBe("unauthenticated");
    expect(await snapshot(victim.person.id)).toEqual(before);
  });
});

describe("the import sees a correction", () => {
  it("FieldSource names written here are the import's own field names", async () => {
    const { peopleHandler } = await import("@/lib/import/people");
    const importFields = new Set(peopleHandler.columns.map((c) => c.name));
    const { FIELD_CATEGORY } = await import("./fields");
    // The date of birth is guarded through the personnummer (the import derives one from the other).
    const mine = Object.keys(FIELD_CATEGORY).filter((f) => f !== "dateOfBirth");
    expect(mine.filter((f) => !importFields.has(f))).toEqual([]);
  });
});
