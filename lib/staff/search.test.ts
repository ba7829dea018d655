// Finding a person by email, name, organisation number, order number or personnummer (by its keyed
// hash: never stored in clear); the person page shows the personnummer masked.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { encryptForPerson, keyedHash } from "../crypto/keys";
import { claimOnePersonnummer } from "../../test/personnummer";
import type { StaffActor } from "../auth/actor";
import { searchPeople } from "./search";
import { getPersonForStaff } from "./person";
import { makeStaffActor } from "../../test/staff-support";

let staff: StaffActor;
beforeAll(async () => {
  staff = await makeStaffActor();
});

describe("search", () => {
  it("finds a person each way, and audits the search without the query", async () => {
    const unique = randomUUID().slice(0, 8);
    const pnr = await claimOnePersonnummer();
    const email = `sök-${unique}@test.example`;
    const person = await db.person.create({
      data: {
        email,
        firstName: `Greta${unique}`,
        lastName: "Garbosson",
        personnummerHash: keyedHash("personnummer", pnr),
      },
    });
    await db.$transaction(async (tx) => {
      await tx.person.update({
        where: { id: person.id },
        data: { personnummerEnc: await encryptForPerson(tx, person.id, pnr) },
      });
    });
    const orgNumber = "556036-0793";
    await db.company.create({ data: { personId: person.id, name: `Garbo ${unique} AB`, orgNumber } });
    const orderNumber = `T-${unique}`;
    await db.order.create({
      data: {
        personId: person.id,
        externalId: `ext-${unique}`,
        orderNumber,
        placedAt: new Date(),
        status: "paid",
        totalOre: 100,
      },
    });

    const found = async (q: string) => (await searchPeople(staff, q)).find((h) => h.id === person.id);
    expect((await found(email))?.matchedBy).toContain("email");
    expect((await found(`greta${unique} garbosson`))?.matchedBy).toContain("name");
    expect((await found(orderNumber))?.matchedBy).toContain("orderNumber");
    expect((await found(pnr))?.matchedBy).toContain("personnummer");
    expect((await found(pnr.replace("-", "").slice(2)))?.matchedBy).toContain("personnummer");
    expect(await found("5560360793")).toBeDefined();
    expect(await found(`nobody-${unique}`)).toBeUndefined();
    await expect(searchPeople(staff, "x")).rejects.toMatchObject({ code: "invalid_input" });

    const entries = await db.auditEntry.findMany({
      where: { action: "staff.search", actorId: staff.staffMemberId },
    });
    expect(entries.length).toBeGreaterThanOrEqual(6);
    for (const e of entries)
      expect(JSON.stringify({ ...e, seq: String(e.seq) })).not.toMatch(
        new RegExp(`${unique}|${pnr.slice(0, 8)}`),
      );

    const view = await getPersonForStaff(staff, person.id);
    expect(view.personnummer).toBe(`${pnr.slice(0, 8)}-****`);
    expect(JSON.stringify(view)).not.toContain(pnr);
  });
});

// Before, the query went into LIKE as a pattern: `%@%` listed everyone and `_` matched any character.
describe("search text is text, not a pattern", () => {
  it("finds % and _ only where they are written, and refuses a NUL as invalid input", async () => {
    const unique = randomUUID().slice(0, 8);
    const person = await db.person.create({
      data: { email: `pat_tern-${unique}@test.example`, firstName: `Mönster${unique}`, lastName: "Test" },
    });
    const ids = async (q: string) => (await searchPeople(staff, q)).map((h) => h.id);
    // Success twins: the literal text finds the person.
    expect(await ids(`pat_tern-${unique}@test`)).toContain(person.id);
    expect(await ids(`PAT_TERN-${unique}@TEST.EXAMPLE`)).toContain(person.id);
    expect(await ids(`mönster${unique}`)).toContain(person.id);
    for (const q of [
      "%@%",
      "_%@%",
      `pat%-${unique}@test.example`,
      `patXtern-${unique}@test.example`,
      `p_t_tern-${unique}@test.example`,
      `%${unique}@%`,
      `M%${unique}`,
      `M_nster${unique}`,
    ]) {
      expect(await ids(q), q).not.toContain(person.id);
    }
    expect(await ids("%@%")).toEqual([]);
    for (const q of ["a\u0000b@test.example", `Mönster${unique}\u0000`])
      await expect(searchPeople(staff, q), JSON.stringify(q)).rejects.toMatchObject({
        code: "invalid_input",
      });
  });
});
