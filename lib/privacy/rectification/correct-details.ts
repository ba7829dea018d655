// Correcting one section of the details page (Art. 16). Only fields whose value actually changes are
// written, recorded in the history (with who did it: the person, or staff on their behalf) and
// notified to the recipients that hold them (Art. 19), all in one transaction with the audit entry.
import { defineUseCase, SUBJECT, lockPerson } from "@/lib/kernel/use-case";
import { db, type Tx } from "@/lib/db";
import { audit } from "@/lib/audit/append";
import { AppError } from "@/lib/errors";
import { decryptWith, encryptForPerson, existingDataKey } from "@/lib/crypto/keys";
import type { Company, Person } from "@/lib/generated/prisma/client";
import { formatPhone } from "@/lib/validation/phone";
import { authorOf, onlyChanged, recordChanges } from "./change-history";
import { parseCorrectDetails, type CorrectDetailsInput, type DetailsSection } from "./details.validation";
import type { FieldChange } from "./fields";
import { notifyRecipients, type ToldRecipient } from "./notify-recipients";

export type CorrectDetailsResult = {
  section: DetailsSection;
  changed: string[];
  told: ToldRecipient[];
  /** The section's values as now stored, for the form to show (normalised, e.g. "114 51"). */
  values: Record<string, string>;
};

type PersonWithCompany = Person & { company: Company | null };

export const correctDetails = defineUseCase(
  "details.correct",
  { action: "details.correct", callers: SUBJECT },
  async (subject, raw: unknown): Promise<CorrectDetailsResult> => {
    // Same schemas as the form: whatever the client let through, the server checks again.
    const parsed = parseCorrectDetails(raw);
    if (!parsed.ok) throw new AppError("invalid_input", parsed.fieldErrors);
    const input = parsed.data;

    return db.$transaction(async (tx) => {
      if (!(await lockPerson(tx, subject.personId))) throw new AppError("not_found");
      const person = await tx.person.findUniqueOrThrow({
        where: { id: subject.personId },
        include: { company: true },
      });
      const kept = storedNamesKept(person, input);
      if (kept) throw new AppError("invalid_input", kept);
      const at = new Date();
      const changes = onlyChanged(await apply(tx, person, input));
      if (changes.length > 0) {
        await recordChanges(tx, person.id, changes, authorOf(subject), at);
        await audit(tx, subject, {
          action: "details.corrected",
          personId: person.id,
          targetType: "person",
          targetId: person.id,
          meta: {
            section: input.section,
            fields: changes.map((c) => c.field).join(","),
            count: changes.length,
          },
        });
      }
      const told =
        changes.length > 0
          ? await notifyRecipients(tx, subject, { personId: person.id, fields: changes.map((c) => c.field) })
          : [];
      const after = await tx.person.findUniqueOrThrow({
        where: { id: person.id },
        include: { company: true },
      });
      return {
        section: input.section,
        changed: changes.map((c) => c.field),
        told,
        values: sectionValues(input.section, after),
      };
    });
  },
);

/**
 * A name on record can be corrected, not removed (whitespace counts as nothing): removing data is
 * what erasure is for, and the message says so. A name that was never stored is not asked for.
 */
function storedNamesKept(person: Person, input: CorrectDetailsInput): Record<string, string> | null {
  if (input.section !== "name") return null;
  const errors: Record<string, string> = {};
  if (person.firstName?.trim() && !input.firstName) errors.firstName = "name_cannot_be_removed";
  if (person.lastName?.trim() && !input.lastName) errors.lastName = "name_cannot_be_removed";
  return Object.keys(errors).length > 0 ? errors : null;
}

/** Writes the section's changed values and returns the changes (old and new, in clear). */
async function apply(tx: Tx, person: PersonWithCompany, input: CorrectDetailsInput): Promise<FieldChange[]> {
  switch (input.section) {
    case "name":
      return updatePerson(tx, person, {
        firstName: input.firstName || null,
        lastName: input.lastName || null,
      });
    case "billing":
      return updatePerson(tx, person, {
        billingStreet: input.billingStreet,
        billingPostcode: input.billingPostcode,
        billingCity: input.billingCity,
        billingCountry: input.billingCountry,
      });
    case "delivery":
      return updatePerson(tx, person, {
        deliveryStreet: input.deliveryStreet,
        deliveryPostcode: input.deliveryPostcode,
        deliveryCity: input.deliveryCity,
        deliveryCountry: input.deliveryCountry,
      });
    case "phone":
      return updatePerson(tx, person, { phone: input.phone });
    case "language":
      return updatePerson(tx, person, { language: input.language });
    case "company":
      return updateCompany(tx, person, input);
  }
}

type PersonField =
  | "firstName"
  | "lastName"
  | "phone"
  | "language"
  | "billingStreet"
  | "billingPostcode"
  | "billingCity"
  | "billingCountry"
  | "deliveryStreet"
  | "deliveryPostcode"
  | "deliveryCity"
  | "deliveryCountry";

async function updatePerson(
  tx: Tx,
  person: PersonWithCompany,
  next: Partial<Record<PersonField, string | null>>,
): Promise<FieldChange[]> {
  const changes: FieldChange[] = [];
  const data: Partial<Record<PersonField, string | null>> = {};
  for (const [field, value] of Object.entries(next) as [PersonField, string | null][]) {
    const old = (person[field] as string | null) ?? null;
    if (old === value) continue;
    changes.push({ field, old, new: value });
    data[field] = value;
  }
  if (changes.length > 0) {
    await tx.person.update({ where: { id: person.id }, data: data as { language?: string } });
  }
  return changes;
}

async function updateCompany(
  tx: Tx,
  person: PersonWithCompany,
  input: Extract<CorrectDetailsInput, { section: "company" }>,
): Promise<FieldChange[]> {
  const current = person.company;
  const key = current?.soleTrader ? await existingDataKey(tx, person.id) : null;
  const oldOrg = current
    ? current.soleTrader
      ? decryptWith(key, current.orgNumberEnc)
      : current.orgNumber
    : null;
  const old = {
    name: current?.name ?? null,
    orgNumber: oldOrg ?? null,
    contactPerson: current?.contactPerson ?? null,
  };

  // No company name: the company details are removed altogether (the schema refuses a number or a
  // contact person without a name).
  if (!input.companyName) {
    if (!current) return [];
    await tx.company.delete({ where: { personId: person.id } });
    return onlyChanged([
      { field: "companyName", old: old.name, new: null },
      { field: "orgNumber", old: old.orgNumber, new: null },
      { field: "contactPerson", old: old.contactPerson, new: null },
    ]);
  }

  // An empty number keeps a sole trader's (masked) number; a company's number is prefilled, so
  // emptying it removes it.
  let org: { value: string; soleTrader: boolean } | null = input.orgNumber;
  if (!org && current?.soleTrader && oldOrg) org = { value: oldOrg, soleTrader: true };

  const changes = onlyChanged([
    { field: "companyName", old: old.name, new: input.companyName },
    { field: "orgNumber", old: old.orgNumber, new: org?.value ?? null },
    { field: "contactPerson", old: old.contactPerson, new: input.contactPerson },
  ]);
  if (changes.length === 0) return [];

  const orgData = org?.soleTrader
    ? // A sole trader's number is a personnummer: only encrypted, never in clear.
      { orgNumber: null, orgNumberEnc: await encryptForPerson(tx, person.id, org.value), soleTrader: true }
    : { orgNumber: org?.value ?? null, orgNumberEnc: null, soleTrader: false };
  const orgChanged = changes.some((c) => c.field === "orgNumber");
  const data = {
    name: input.companyName,
    contactPerson: input.contactPerson,
    ...(orgChanged || !current ? orgData : {}),
  };
  await tx.company.upsert({
    where: { personId: person.id },
    create: { personId: person.id, ...orgData, ...data },
    update: data,
  });
  return changes;
}

/** The section's stored values as form strings; a sole trader's number is never sent to the form. */
export function sectionValues(section: DetailsSection, p: PersonWithCompany): Record<string, string> {
  const s = (v: string | null | undefined) => v ?? "";
  switch (section) {
    case "name":
      return { firstName: s(p.firstName), lastName: s(p.lastName) };
    case "billing":
    case "delivery": {
      const [street, postcode, city, country] = [
        `${section}Street`,
        `${section}Postcode`,
        `${section}City`,
        `${section}Country`,
      ] as const;
      return {
        [street]: s(p[street]),
        [postcode]: s(p[postcode]),
        [city]: s(p[city]),
        [country]: p[country] ?? "SE",
      };
    }
    case "phone":
      return { phone: p.phone ? formatPhone(p.phone) : "" };
    case "language":
      return { language: p.language };
    case "company":
      return {
        companyName: s(p.company?.name),
        orgNumber: p.company && !p.company.soleTrader ? s(p.company.orgNumber) : "",
        contactPerson: s(p.company?.contactPerson),
      };
  }
}
