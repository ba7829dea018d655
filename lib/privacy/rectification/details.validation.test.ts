// The schemas the details forms and the server share: fixed lists of good and bad values, and
// properties over random input (never a throw, always a field error or a value in stored form).
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseOrgNumber, testPersonnummer } from "@/lib/validation/personnummer";
import {
  companyInput,
  emailChangeInput,
  identityCorrectionInput,
  parseCorrectDetails,
  SECTION_FIELDS,
  SECTIONS,
} from "./details.validation";

let pnrs: string[] = [];
beforeAll(async () => {
  pnrs = await testPersonnummer();
});

describe("organisation numbers", () => {
  const good = [
    ["556814-2730", "556814-2730"],
    ["5568142730", "556814-2730"],
    ["556036-0793", "556036-0793"], // a real-format AB number with a valid check digit
    ["202100-5489", "202100-5489"], // a public authority's format (third digit 2)
    [" 556814 2730 ", "556814-2730"],
  ] as const;
  it.each(good)("%s is a company number -> %s", (input, value) => {
    expect(parseOrgNumber(input)).toEqual({ value, soleTrader: false });
    const r = companyInput.safeParse({ companyName: "Bolaget AB", orgNumber: input, contactPerson: "" });
    expect(r.success && r.data.orgNumber).toEqual({ value, soleTrader: false });
  });

  const bad = [
    "556814-2731",
    "556814-2732",
    "5568142739",
    "55681427",
    "556814-27300",
    "ABCDEF-GHIJ",
    "556814_2730",
  ];
  it.each(bad)("%s is refused beside the field", (input) => {
    const r = companyInput.safeParse({ companyName: "Bolaget AB", orgNumber: input, contactPerson: "" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([
      "orgNumber",
      "org_number_invalid",
    ]);
  });

  it("a sole trader's number from the test personnummer list is a personnummer (12 and 10 digits)", () => {
    for (const pnr of pnrs.slice(0, 40)) {
      expect(parseOrgNumber(pnr)).toEqual({ value: pnr, soleTrader: true });
      expect(parseOrgNumber(pnr.slice(2))).toEqual({ value: pnr, soleTrader: true });
      const r = companyInput.safeParse({ companyName: "Firma", orgNumber: pnr, contactPerson: "" });
      expect(r.success && r.data.orgNumber).toEqual({ value: pnr, soleTrader: true });
    }
  });

  it("a test personnummer with a wrong check digit is refused", () => {
    for (const pnr of pnrs.slice(0, 40)) {
      const wrong = pnr.slice(0, -1) + String((Number(pnr.at(-1)) + 1) % 10);
      expect(parseOrgNumber(wrong)).toBeNull();
    }
  });
});

describe("the section schemas", () => {
  it("normalise postcodes, phones and names", () => {
    expect(
      parseCorrectDetails({
        section: "billing",
        billingStreet: " Storgatan 12 ",
        billingPostcode: "11451",
        billingCity: "Stockholm",
        billingCountry: "SE",
      }),
    ).toEqual({
      ok: true,
      data: {
        section: "billing",
        billingStreet: "Storgatan 12",
        billingPostcode: "114 51",
        billingCity: "Stockholm",
        billingCountry: "SE",
      },
    });
    expect(parseCorrectDetails({ section: "phone", phone: "070-123 45 67" })).toEqual({
      ok: true,
      data: { section: "phone", phone: "+46701234567" },
    });
    expect(parseCorrectDetails({ section: "phone", phone: "" })).toEqual({
      ok: true,
      data: { section: "phone", phone: null },
    });
    expect(parseCorrectDetails({ section: "name", firstName: " Åsa-Britt ", lastName: "O’Connor" })).toEqual({
      ok: true,
      data: { section: "name", firstName: "Åsa-Britt", lastName: "O’Connor" },
    });
  });

  it("give one error code per field, beside the field it belongs to", () => {
    const r = parseCorrectDetails({
      section: "billing",
      billingStreet: "",
      billingPostcode: "1145",
      billingCity: "Stockholm",
      billingCountry: "SE",
    });
    expect(r).toEqual({
      ok: false,
      fieldErrors: { billingStreet: "street_required", billingPostcode: "postcode_invalid_se" },
    });
    expect(parseCorrectDetails({ section: "phone", phone: "070-ABC" })).toEqual({
      ok: false,
      fieldErrors: { phone: "phone_invalid" },
    });
    expect(parseCorrectDetails({ section: "name", firstName: "R2D2", lastName: "" })).toEqual({
      ok: false,
      fieldErrors: { firstName: "name_invalid" },
    });
    expect(parseCorrectDetails({ section: "language", language: "de" })).toEqual({
      ok: false,
      fieldErrors: { language: "language_invalid" },
    });
    expect(
      parseCorrectDetails({
        section: "company",
        companyName: "",
        orgNumber: "556814-2730",
        contactPerson: "",
      }),
    ).toEqual({ ok: false, fieldErrors: { companyName: "company_name_required" } });
    expect(parseCorrectDetails({ section: "nope" })).toEqual({
      ok: false,
      fieldErrors: { section: "section_invalid" },
    });
  });

  it("an empty address is a removal; a foreign address is checked for its own country", () => {
    expect(
      parseCorrectDetails({
        section: "delivery",
        deliveryStreet: "",
        deliveryPostcode: "",
        deliveryCity: "",
        deliveryCountry: "SE",
      }),
    ).toEqual({
      ok: true,
      data: {
        section: "delivery",
        deliveryStreet: null,
        deliveryPostcode: null,
        deliveryCity: null,
        deliveryCountry: null,
      },
    });
    const oslo = parseCorrectDetails({
      section: "delivery",
      deliveryStreet: "Karl Johans gate 1",
      deliveryPostcode: "0154",
      deliveryCity: "Oslo",
      deliveryCountry: "NO",
    });
    expect(oslo.ok).toBe(true);
  });

  it("the identity correction needs a real date, a valid personnummer, and the two must agree", () => {
    const pnr = pnrs[0]!;
    const dob = `${pnr.slice(0, 4)}-${pnr.slice(4, 6)}-${pnr.slice(6, 8)}`;
    expect(
      identityCorrectionInput.safeParse({ dateOfBirth: dob, personnummer: pnr.replace("-", ""), note: "" })
        .data,
    ).toEqual({ dateOfBirth: dob, personnummer: pnr, note: null });
    const issues = (v: object) =>
      identityCorrectionInput.safeParse(v).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ dateOfBirth: "", personnummer: "", note: "" })).toEqual([
      ["personnummer", "identity_nothing_asked"],
    ]);
    expect(issues({ dateOfBirth: "1980-02-30", personnummer: "", note: "" })).toEqual([
      ["dateOfBirth", "date_invalid"],
    ]);
    expect(issues({ dateOfBirth: "2999-01-01", personnummer: "", note: "" })).toEqual([
      ["dateOfBirth", "date_invalid"],
    ]);
    const wrongCheck = pnr.slice(0, -1) + String((Number(pnr.at(-1)) + 1) % 10);
    expect(issues({ dateOfBirth: "", personnummer: wrongCheck, note: "" })).toEqual([
      ["personnummer", "personnummer_invalid"],
    ]);
    expect(issues({ dateOfBirth: "1990-01-01", personnummer: pnr, note: "" })).toEqual([
      ["dateOfBirth", "date_mismatch"],
    ]);
  });

  it("the new email is lower-cased and checked", () => {
    expect(emailChangeInput.safeParse({ newEmail: " Ny.Adress@Exempel.SE " }).data).toEqual({
      newEmail: "ny.adress@exempel.se",
    });
    expect(emailChangeInput.safeParse({ newEmail: "inte-en-adress" }).error?.issues[0]?.message).toBe(
      "email_invalid",
    );
    expect(emailChangeInput.safeParse({ newEmail: "" }).error?.issues[0]?.message).toBe("email_required");
  });
});

describe("properties", () => {
  it("random input never throws: every field of every section gets a value or a field error", () => {
    const anyValue = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constant(undefined),
      fc.integer(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...SECTIONS),
        fc.array(anyValue, { minLength: 4, maxLength: 4 }),
        (section, vals) => {
          const raw: Record<string, unknown> = { section };
          SECTION_FIELDS[section].forEach((f, i) => (raw[f] = vals[i]));
          const r = parseCorrectDetails(raw);
          if (!r.ok) {
            for (const [field, code] of Object.entries(r.fieldErrors)) {
              expect([...SECTION_FIELDS[section], "form"]).toContain(field);
              expect(code).toMatch(/^[a-z_]+$/);
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("what the schema accepts it accepts again in stored form (idempotent)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10000, max: 99999 }),
        fc.stringMatching(/^[A-Za-zÅÄÖåäö][a-zåäö]{0,20}$/),
        (pc, city) => {
          const first = parseCorrectDetails({
            section: "billing",
            billingStreet: "Gatan 1",
            billingPostcode: String(pc),
            billingCity: city,
            billingCountry: "SE",
          });
          expect(first.ok).toBe(true);
          if (!first.ok) return;
          const second = parseCorrectDetails(first.data);
          expect(second).toEqual(first);
        },
      ),
    );
  });
});
