// The deletion emails give the request's short case reference (the one the portal's pages show), never
// its database id, and their dates in the person's language.
import { describe, expect, it } from "vitest";
import { caseReference } from "../format/case-reference";
import { confirmEmail, reminderEmail } from "./emails";

const ID = "cmiq2k1xz0004abcdlmnopqrs";
const ENDS = new Date("2026-11-15T09:00:00.000Z");

describe("deletion emails", () => {
  it("give the case reference, not the request's id, in Swedish and English", () => {
    const sv = confirmEmail("sv", ENDS, ID);
    const en = reminderEmail("en", ENDS, ID);
    expect(sv.text).toContain(`Ärendenummer: ${caseReference(ID)}`);
    expect(en.text).toContain(`Case reference: ${caseReference(ID)}`);
    for (const mail of [sv, en]) {
      expect(mail.text).not.toContain(ID);
      expect(mail.html).not.toContain(ID);
    }
    expect(sv.text).toContain("15 november 2026 kl. 10:00");
    expect(en.text).toContain("15 November 2026 at 10:00");
  });
});
