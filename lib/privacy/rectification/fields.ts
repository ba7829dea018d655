// The fields a correction can change, by the names used everywhere for them: ChangeEntry.field,
// FieldSource.field (so the import can tell which values a person corrected) and the history view.
// Person columns keep their column name; the company's take the form field's name, without a prefix
// (companyName for Company.name; orgNumber and contactPerson as in Company).
import type { CategoryKey } from "@/lib/datamap/policy-map";

export const FIELD_CATEGORY = {
  firstName: "identity",
  lastName: "identity",
  dateOfBirth: "identity",
  personnummer: "identity",
  email: "addresses",
  phone: "addresses",
  billingStreet: "addresses",
  billingPostcode: "addresses",
  billingCity: "addresses",
  billingCountry: "addresses",
  deliveryStreet: "addresses",
  deliveryPostcode: "addresses",
  deliveryCity: "addresses",
  deliveryCountry: "addresses",
  companyName: "company",
  orgNumber: "company",
  contactPerson: "company",
  language: "contact",
} as const satisfies Record<string, CategoryKey>;

export type ChangeField = keyof typeof FIELD_CATEGORY;

/** One field's before and after, in clear inside the use-case only (stored encrypted). */
export type FieldChange = { field: ChangeField; old: string | null; new: string | null };

/** Identity numbers are never shown in full, not even to the person (product rule). */
export const MASKED_FIELDS: ReadonlySet<ChangeField> = new Set(["personnummer", "orgNumber"]);
