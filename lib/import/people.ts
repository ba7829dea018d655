// People (customers, newsletter subscribers, contacts) from the company's systems, one transaction
// per row: the person, their company and their marketing statuses commit or fail together.
//
// What an import never does:
// - change the sign-in email of a person who has signed in (a User row is linked): a conflict;
// - overwrite a field the person corrected in the portal after the source's timestamp
//   (FieldSource.portalUpdatedAt): a conflict for that field, the other fields still update;
// - change marketing status other than through the consent ledger (see ./consent.ts);
// - bring back an erased person: the tombstone refuses the row.
import { z } from "zod";
import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { decryptWith, encryptForPerson, existingDataKey } from "../crypto/keys";
import { personnummerHash } from "../crypto/personnummer-hash";
import { lockPersonDetails } from "../consent/ledger";
import { birthDateOf, parseOrgNumber } from "../validation/personnummer";
import { applyConsentItems, consentItems, sourceUpdatedAt } from "./consent";
import { country, email, externalId, opt, optText, personnummer, phone, readText } from "./fields";
import { isTombstoned } from "../erasure/tombstone";
import {
  plainColumns,
  type ApplyContext,
  type ApplyResult,
  type CsvColumn,
  type RecordHandler,
  type RowConflict,
  type ValidItem,
} from "./types";

const orgNumber = readText(
  parseOrgNumber,
  "not a valid organisation number (NNNNNN-NNNN; a sole trader's is their personnummer)",
);

export const personRecord = z
  .strictObject({
    externalId,
    kind: z
      .enum(["customer", "subscriber", "contact"], { error: "one of customer, subscriber, contact" })
      .optional(),
    email,
    firstName: optText(100),
    lastName: optText(100),
    personnummer: opt(personnummer),
    phone: opt(phone),
    language: z.enum(["sv", "en"], { error: "one of sv, en" }).optional(),
    billingStreet: optText(200),
    billingPostcode: optText(20),
    billingCity: optText(100),
    billingCountry: opt(country),
    deliveryStreet: optText(200),
    deliveryPostcode: optText(20),
    deliveryCity: optText(100),
    deliveryCountry: opt(country),
    companyName: optText(200),
    orgNumber: opt(orgNumber),
    contactPerson: optText(200),
    consents: consentItems.optional(),
    sourceUpdatedAt,
  })
  .superRefine((v, ctx) => {
    if ((v.orgNumber || v.contactPerson) && !v.companyName)
      ctx.addIssue({
        code: "custom",
        path: ["companyName"],
        message: "required with orgNumber or contactPerson",
      });
  });
export type PersonRecord = z.infer<typeof personRecord>;

// Names and contact details apart: the CSV columns have the personnummer between them.
const NAME_FIELDS = ["firstName", "lastName"] as const;
const CONTACT_FIELDS = [
  "phone",
  "language",
  "billingStreet",
  "billingPostcode",
  "billingCity",
  "billingCountry",
  "deliveryStreet",
  "deliveryPostcode",
  "deliveryCity",
  "deliveryCountry",
] as const;
/** Person columns an import may set, each guarded by FieldSource under the same name. */
const PERSON_FIELDS = [...NAME_FIELDS, ...CONTACT_FIELDS] as const;
type PersonField = (typeof PERSON_FIELDS)[number];

/**
 * The FieldSource names that guard an import field: its own name, and the group a portal form may
 * record a correction under (an address as a whole, the company, identity data).
 */
export function guardNames(field: string): string[] {
  if (field.startsWith("billing")) return [field, "billingAddress"];
  if (field.startsWith("delivery")) return [field, "deliveryAddress"];
  if (field === "companyName" || field === "orgNumber" || field === "contactPerson")
    return [field, "company"];
  if (field === "personnummer") return [field, "dateOfBirth"];
  return [field];
}

type FieldSourceRow = { field: string; sourceUpdatedAt: Date | null; portalUpdatedAt: Date | null };

function guard(
  field: string,
  sources: ReadonlyMap<string, FieldSourceRow>,
  sourceAt: Date,
): RowConflict["reason"] | null {
  for (const name of guardNames(field)) {
    const portal = sources.get(name)?.portalUpdatedAt;
    if (portal && portal > sourceAt) return "corrected_in_portal";
  }
  const stored = sources.get(field)?.sourceUpdatedAt;
  if (stored && stored > sourceAt) return "newer_in_source";
  return null;
}

const personSelect = {
  id: true,
  externalId: true,
  kind: true,
  email: true,
  personnummerHash: true,
  restrictedAt: true,
  firstName: true,
  lastName: true,
  phone: true,
  language: true,
  billingStreet: true,
  billingPostcode: true,
  billingCity: true,
  billingCountry: true,
  deliveryStreet: true,
  deliveryPostcode: true,
  deliveryCity: true,
  deliveryCountry: true,
} as const;
type StoredPerson = Prisma.PersonGetPayload<{ select: typeof personSelect }>;

export async function applyPerson(tx: Tx, data: PersonRecord, ctx: ApplyContext): Promise<ApplyResult> {
  const key = data.externalId;
  // lib/erasure/tombstone.ts: the same hashes erasure writes.
  if (await isTombstoned(data.email, data.personnummer, tx)) {
    return { outcome: "rejected", reason: "erased", key };
  }
  let person = await tx.person.findUnique({ where: { externalId: data.externalId }, select: personSelect });
  if (!person) {
    // Someone already here under this address (e.g. signed up for the newsletter in the portal):
    // the source record is linked to them, unless they belong to another source record.
    const byEmail = await tx.person.findUnique({ where: { email: data.email }, select: personSelect });
    if (byEmail?.externalId) {
      return {
        outcome: "rejected",
        reason: "conflict",
        key,
        errors: [
          { field: "email", message: "another record (a different externalId) holds this email address" },
        ],
      };
    }
    person = byEmail;
  }
  if (!person) return createPerson(tx, data, ctx);
  return updatePerson(tx, person.id, data, ctx);
}

async function createPerson(tx: Tx, data: PersonRecord, ctx: ApplyContext): Promise<ApplyResult> {
  const key = data.externalId;
  const pnrHash = data.personnummer ? personnummerHash(data.personnummer) : null;
  if (
    pnrHash &&
    (await tx.person.findUnique({ where: { personnummerHash: pnrHash }, select: { id: true } }))
  ) {
    return {
      outcome: "rejected",
      reason: "conflict",
      key,
      errors: [{ field: "personnummer", message: "another person holds this personnummer" }],
    };
  }
  const fields: Partial<Record<PersonField, string>> = {};
  for (const f of PERSON_FIELDS) if (data[f] !== undefined) fields[f] = data[f];
  const created = await tx.person.create({
    data: {
      externalId: data.externalId,
      kind: data.kind ?? "customer",
      email: data.email,
      ...fields,
      ...(data.personnummer
        ? {
            personnummerHash: pnrHash,
            dateOfBirth: new Date(`${birthDateOf(data.personnummer)}T00:00:00.000Z`),
          }
        : {}),
    },
    select: { id: true },
  });
  const id = created.id;
  const written: string[] = ["email", ...Object.keys(fields)];
  if (data.personnummer) {
    await tx.person.update({
      where: { id },
      data: { personnummerEnc: await encryptForPerson(tx, id, data.personnummer) },
    });
    written.push("personnummer");
  }
  if (data.companyName) {
    await tx.company.create({
      data: {
        personId: id,
        name: data.companyName,
        contactPerson: data.contactPerson ?? null,
        ...(await companyNumber(tx, id, data)),
      },
    });
    written.push("companyName");
    if (data.orgNumber) written.push("orgNumber");
    if (data.contactPerson) written.push("contactPerson");
  }
  await tx.fieldSource.createMany({
    data: written.map((field) => ({ personId: id, field, sourceUpdatedAt: data.sourceUpdatedAt })),
  });
  const consent = await applyConsentItems(tx, id, data.consents ?? [], {
    sourceAt: data.sourceUpdatedAt,
    restricted: false,
    fieldPrefix: "consents.",
    ctx,
  });
  return { outcome: "created", key, ...(consent.conflicts.length ? { conflicts: consent.conflicts } : {}) };
}

async function updatePerson(
  tx: Tx,
  personId: string,
  data: PersonRecord,
  ctx: ApplyContext,
): Promise<ApplyResult> {
  const key = data.externalId;
  // Locked, as the portal's corrections and consent changes lock it, then read again.
  await lockPersonDetails(tx, personId);
  const person = (await tx.person.findUnique({
    where: { id: personId },
    select: personSelect,
  })) as StoredPerson;
  if (person.restrictedAt) return { outcome: "skipped", reason: "restricted", key };
  const sourceAt = data.sourceUpdatedAt;
  const sources = new Map(
    (await tx.fieldSource.findMany({ where: { personId } })).map((r) => [r.field, r] as const),
  );
  const conflicts: RowConflict[] = [];
  const written: string[] = [];
  const changes: Prisma.PersonUpdateInput = {};
  const take = (field: string): boolean => {
    const refused = guard(field, sources, sourceAt);
    if (refused) {
      conflicts.push({ field, reason: refused });
      return false;
    }
    written.push(field);
    return true;
  };

  if (!person.externalId) changes.externalId = data.externalId;
  if (data.kind === "customer" && person.kind !== "customer") changes.kind = "customer";

  for (const f of PERSON_FIELDS) {
    const value = data[f];
    if (value === undefined || person[f] === value) continue;
    if (take(f)) changes[f] = value;
  }

  if (data.email !== person.email) {
    const signedIn = await tx.user.findUnique({ where: { personId }, select: { id: true } });
    if (signedIn) conflicts.push({ field: "email", reason: "signed_in" });
    else if (await tx.person.findUnique({ where: { email: data.email }, select: { id: true } }))
      conflicts.push({ field: "email", reason: "taken" });
    else if (take("email")) changes.email = data.email;
  }

  if (data.personnummer) {
    const hash = personnummerHash(data.personnummer);
    if (hash && hash !== person.personnummerHash) {
      if (await tx.person.findUnique({ where: { personnummerHash: hash }, select: { id: true } }))
        conflicts.push({ field: "personnummer", reason: "taken" });
      else if (take("personnummer")) {
        changes.personnummerHash = hash;
        changes.personnummerEnc = await encryptForPerson(tx, personId, data.personnummer);
        changes.dateOfBirth = new Date(`${birthDateOf(data.personnummer)}T00:00:00.000Z`);
      }
    }
  }

  let companyChanged = false;
  if (data.companyName || data.orgNumber || data.contactPerson) {
    companyChanged = await updateCompany(tx, personId, data, take);
  }

  if (Object.keys(changes).length > 0) await tx.person.update({ where: { id: personId }, data: changes });
  for (const field of written) {
    await tx.fieldSource.upsert({
      where: { personId_field: { personId, field } },
      create: { personId, field, sourceUpdatedAt: sourceAt },
      update: { sourceUpdatedAt: sourceAt },
    });
  }
  const consent = await applyConsentItems(tx, personId, data.consents ?? [], {
    sourceAt,
    restricted: false,
    fieldPrefix: "consents.",
    ctx,
  });
  conflicts.push(...consent.conflicts);
  const changed = Object.keys(changes).length > 0 || companyChanged || consent.changed > 0;
  const withConflicts = conflicts.length > 0 ? { conflicts } : {};
  if (changed) return { outcome: "updated", key, ...withConflicts };
  if (conflicts.length > 0 && conflicts.some((c) => c.reason !== "newer_in_source"))
    return { outcome: "skipped", reason: "conflict", key, ...withConflicts };
  if (conflicts.length > 0 || consent.stale > 0)
    return { outcome: "skipped", reason: "newer_in_source", key, ...withConflicts };
  return { outcome: "skipped", reason: "unchanged", key };
}

/** Creates or updates the person's company; returns whether anything was written. */
async function updateCompany(
  tx: Tx,
  personId: string,
  data: PersonRecord,
  take: (field: string) => boolean,
): Promise<boolean> {
  const company = await tx.company.findUnique({ where: { personId } });
  if (!company) {
    if (!data.companyName) return false;
    if (!take("companyName")) return false;
    if (data.orgNumber) take("orgNumber");
    if (data.contactPerson) take("contactPerson");
    await tx.company.create({
      data: {
        personId,
        name: data.companyName,
        contactPerson: data.contactPerson ?? null,
        ...(await companyNumber(tx, personId, data)),
      },
    });
    return true;
  }
  const update: Prisma.CompanyUpdateInput = {};
  if (data.companyName && data.companyName !== company.name && take("companyName"))
    update.name = data.companyName;
  if (data.contactPerson && data.contactPerson !== company.contactPerson && take("contactPerson"))
    update.contactPerson = data.contactPerson;
  if (data.orgNumber) {
    const current = company.soleTrader
      ? decryptWith(await existingDataKey(tx, personId), company.orgNumberEnc)
      : company.orgNumber;
    if (current !== data.orgNumber.value && take("orgNumber"))
      Object.assign(update, await companyNumber(tx, personId, data));
  }
  if (Object.keys(update).length === 0) return false;
  await tx.company.update({ where: { personId }, data: update });
  return true;
}

/** A company's number in clear; a sole trader's (a personnummer) only encrypted. */
async function companyNumber(tx: Tx, personId: string, data: PersonRecord) {
  if (!data.orgNumber) return {};
  if (data.orgNumber.soleTrader) {
    return {
      orgNumber: null,
      orgNumberEnc: await encryptForPerson(tx, personId, data.orgNumber.value),
      soleTrader: true,
    };
  }
  return { orgNumber: data.orgNumber.value, orgNumberEnc: null, soleTrader: false };
}

const columns: readonly CsvColumn[] = [
  ...plainColumns([
    "externalId",
    "kind",
    "email",
    ...NAME_FIELDS,
    "personnummer",
    ...CONTACT_FIELDS,
    "companyName",
    "orgNumber",
    "contactPerson",
  ]),
  { name: "consents", kind: "consents" },
  { name: "sourceUpdatedAt", kind: "string" },
];

export const peopleHandler: RecordHandler<PersonRecord> = {
  type: "people",
  schema: personRecord,
  columns,
  mode: "row",
  keyOf: (r) => r.externalId,
  uniqueKeys: (r) => [
    `ext:${r.externalId}`,
    `email:${r.email}`,
    ...(r.personnummer ? [`pnr:${r.personnummer}`] : []),
  ],
  async apply(tx, items: ValidItem<PersonRecord>[], ctx) {
    const out: ApplyResult[] = [];
    for (const item of items) out.push(await applyPerson(tx, item.data, ctx));
    return out;
  },
};
