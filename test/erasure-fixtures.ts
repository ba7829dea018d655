// Test data for erasure: one person with something in every table that can hold personal data, with
// unique values (name, addresses, phone) a scan can look for. Only official test personnummer.
// Used by the vitest suites and by test/erasure-crash-run.ts; never by the application.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { audit } from "../lib/audit/append";
import { encryptForPerson, keyedHash } from "../lib/crypto/keys";
import { db } from "../lib/db";
import { env } from "../lib/env";
import { enqueue } from "../lib/jobs/queue";
import { createRequest } from "../lib/privacy/requests";
import { birthDateOf } from "../lib/validation/personnummer";
import { claimOnePersonnummer } from "./personnummer";
import { makeHeldAndExpiredInvoices, payByCard } from "./held-invoices";
import { uniqueTag } from "./unique-tag";
import { beginCoolingOff } from "../lib/erasure/begin";
import type { AuditAction } from "../lib/audit/actions"; // test-only actions, outside the labelled list

export type RichPerson = {
  id: string;
  tag: string;
  firstName: string;
  lastName: string;
  email: string;
  oldEmail: string;
  newEmail: string;
  phone: string;
  personnummer: string | null;
  heldInvoiceNumber: string;
  expiredInvoiceNumber: string;
  copyId: string;
  sessionToken: string;
  /** Invoices and payments that will be held (their rows may keep the person's data). */
  heldIds: string[];
};

const COMPANY_ORG_NUMBER = "556677-8899";

/** A test personnummer that no person holds, no tombstone names and no other test has claimed. */
export async function freeTestPersonnummer(): Promise<string> {
  return claimOnePersonnummer();
}

export async function makeRichPerson(
  opts: { personnummer?: boolean; language?: "sv" | "en" } = {},
): Promise<RichPerson> {
  const tag = uniqueTag();
  const u = randomUUID();
  const firstName = `Ulrika${tag}`;
  const lastName = `Raderström${tag}`;
  const email = `erase-${u}@test.example`;
  const oldEmail = `old-${u}@test.example`;
  const newEmail = `new-${u}@test.example`;
  const phone = `+4670${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  const pnr = opts.personnummer ? await freeTestPersonnummer() : null;

  const person = await db.person.create({
    data: {
      email,
      externalId: `K-${tag}`,
      firstName,
      lastName,
      phone,
      language: opts.language ?? "sv",
      dateOfBirth: pnr ? new Date(`${birthDateOf(pnr)}T00:00:00.000Z`) : null,
      personnummerHash: pnr ? keyedHash("personnummer", pnr) : null,
      billingStreet: `${lastName}gatan 1`,
      billingPostcode: "111 11",
      billingCity: "Stockholm",
      billingCountry: "SE",
      deliveryStreet: `${firstName}vägen 2`,
      deliveryPostcode: "222 22",
      deliveryCity: "Malmö",
      deliveryCountry: "SE",
      lastActiveAt: new Date(),
    },
  });
  const id = person.id;
  const counterparty = {
    name: `${firstName} ${lastName}`,
    email,
    street: `${lastName}gatan 1`,
    city: "Stockholm",
  };

  await db.$transaction(
    async (tx) => {
      if (pnr) {
        await tx.person.update({
          where: { id },
          data: { personnummerEnc: await encryptForPerson(tx, id, pnr) },
        });
      }
      await tx.company.create({
        data: {
          personId: id,
          name: `${lastName} Konsult`,
          orgNumber: COMPANY_ORG_NUMBER,
          soleTrader: false,
          contactPerson: `${firstName} ${lastName}`,
        },
      });
      await tx.order.create({
        data: {
          personId: id,
          externalId: `o-${tag}-1`,
          orderNumber: `O-${tag}-1`,
          placedAt: new Date("2023-03-30T10:00:00Z"),
          status: "delivered",
          totalOre: 125_000,
          items: {
            create: [
              { sku: "SKU-1", description: `Present till ${firstName}`, quantity: 1, unitPriceOre: 125_000 },
            ],
          },
          shipments: {
            create: [
              {
                carrier: "PostNord",
                trackingNumber: `RR${tag}SE`,
                shippedAt: new Date("2023-03-31T08:00:00Z"),
              },
            ],
          },
        },
      });
      const { held, expired } = await makeHeldAndExpiredInvoices(tx, id, tag, counterparty);
      await payByCard(tx, held, {
        externalId: `p-${tag}-1`,
        providerRef: `PP${tag.toUpperCase()}`,
        sharedWithProvider: { payerEmail: email, cardLast4: "4242" },
      });
      await payByCard(tx, expired, { externalId: `p-${tag}-0`, sharedWithProvider: { payerEmail: email } });
      await tx.creditCheck.create({
        data: {
          personId: id,
          checkedAt: new Date("2023-03-29T10:00:00Z"),
          provider: "UC",
          outcome: "approved",
          limitOre: 500_000,
        },
      });
      await tx.webEvent.createMany({
        data: [
          {
            personId: id,
            occurredAt: new Date(),
            kind: "page_view",
            path: `/profil/${tag}`,
            ip: "192.0.2.10",
            city: "Stockholm",
          },
          {
            personId: id,
            occurredAt: new Date("2021-01-05T10:00:00Z"),
            kind: "page_view",
            path: "/",
            ip: "192.0.2.11",
          },
        ],
      });
      await tx.socialInteraction.create({
        data: {
          personId: id,
          network: "facebook",
          occurredAt: new Date(),
          kind: "comment",
          content: `Tack! /${firstName} ${lastName}`,
        },
      });
      await tx.supportContact.create({
        data: {
          personId: id,
          occurredAt: new Date(),
          channel: "email",
          subject: "Fråga",
          summary: `Ring ${phone} eller mejla ${email}`,
        },
      });
      await tx.formSubmission.create({
        data: {
          personId: id,
          submittedAt: new Date(),
          form: "contact",
          storedIn: "wix",
          message: `Hej, jag heter ${firstName}`,
        },
      });
      await tx.authorityDisclosure.create({
        data: {
          personId: id,
          disclosedAt: new Date(),
          authority: "Skatteverket",
          legalBasis: "law",
          description: `Uppgifter om ${lastName}`,
        },
      });
      await tx.consentState.create({
        data: { personId: id, channel: "email", topic: "", status: "given", legalBasis: "consent" },
      });
      await tx.consentEvent.create({
        data: {
          personId: id,
          channel: "email",
          action: "given",
          method: "portal",
          wordingVersion: "2026-11",
          legalBasis: "consent",
          actorType: "person",
        },
      });
      await tx.optInToken.create({
        data: {
          personId: id,
          tokenHash: `oi-${u}`,
          topics: ["news"],
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      });
      await tx.emailChange.create({
        data: { personId: id, newEmail, tokenHash: `ec-${u}`, expiresAt: new Date(Date.now() + 86_400_000) },
      });
      await tx.changeEntry.create({
        data: {
          personId: id,
          field: "email",
          oldEnc: await encryptForPerson(tx, id, oldEmail),
          newEnc: await encryptForPerson(tx, id, email),
          actorType: "person",
        },
      });
      await tx.fieldSource.create({ data: { personId: id, field: "email", portalUpdatedAt: new Date() } });
      await tx.partnerSync.create({
        data: { personId: id, connector: "newsletter", pendingSince: new Date() },
      });
      await tx.accessEvent.create({ data: { personId: id, kind: "sign_in", device: "Firefox on Linux" } });
      await tx.emailMessage.create({
        data: {
          personId: id,
          to: email,
          kind: "copyReady",
          subject: "Din kopia",
          html: `<p>Hej ${firstName}</p>`,
          text: `Hej ${firstName}`,
          status: "sent",
        },
      });
      // A sign-in email written before the person was linked: found by address, not by id.
      await tx.emailMessage.create({
        data: {
          to: oldEmail,
          kind: "sign-in",
          subject: "Länk",
          html: "<p>länk</p>",
          text: "länk",
          status: "sent",
        },
      });
      await tx.verificationToken.create({
        data: { identifier: email, token: `vt-${u}`, expires: new Date(Date.now() + 600_000) },
      });
      const copyRequest = await createRequest(tx, {
        personId: id,
        type: "copy",
        status: "completed",
        detailsEnc: await encryptForPerson(tx, id, `copy for ${email}`),
      });
      await tx.requestNote.create({
        data: {
          requestId: copyRequest.id,
          staffMemberId: "staff-test",
          text: `Pratade med ${firstName} ${lastName}`,
        },
      });
      await tx.recipientTask.create({
        data: {
          requestId: copyRequest.id,
          personId: id,
          recipientKey: "m365",
          kind: "search",
          status: "done",
          note: `Inget hittat om ${email}`,
        },
      });
      await tx.impersonation.create({
        data: {
          staffMemberId: "staff-test",
          sessionId: `sess-${u}`,
          personId: id,
          reason: `Samtal med ${firstName}`,
          expiresAt: new Date(Date.now() - 60_000),
        },
      });
      await enqueue(tx, "newsletter.sync", { personId: id });
      await audit(
        tx,
        { kind: "system", name: "import" },
        { action: "test.fixture" as AuditAction, personId: id },
      );
    },
    { timeout: 60_000 },
  );

  const heldInvoice = await db.invoice.findUniqueOrThrow({ where: { invoiceNumber: `F-${tag}-1` } });
  const heldPayment = await db.payment.findUniqueOrThrow({ where: { externalId: `p-${tag}-1` } });

  // A copy on disk (with the plain address in it, as a leftover build would be) and its row.
  const copy = await db.copy.create({ data: { personId: id, free: true, status: "ready" } });
  const dir = path.resolve(env().EXPORT_DIR);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${copy.id}.zip.enc`);
  writeFileSync(file, `copy of ${email} ${firstName}`);
  writeFileSync(`${file}.part`, `partial ${email}`);
  mkdirSync(path.join(dir, `.work-${copy.id}`), { recursive: true });
  writeFileSync(path.join(dir, `.work-${copy.id}`, "s1.json"), JSON.stringify({ email, phone }));
  await db.copy.update({ where: { id: copy.id }, data: { filePath: file } });

  // Signed in: a user and a session.
  const sessionToken = randomBytes(32).toString("hex");
  await db.user.create({
    data: {
      email,
      personId: id,
      emailVerified: new Date(),
      sessions: { create: { sessionToken, expires: new Date(Date.now() + 86_400_000) } },
    },
  });

  return {
    id,
    tag,
    firstName,
    lastName,
    email,
    oldEmail,
    newEmail,
    phone,
    personnummer: pnr,
    heldInvoiceNumber: `F-${tag}-1`,
    expiredInvoiceNumber: `F-${tag}-0`,
    copyId: copy.id,
    sessionToken,
    heldIds: [heldInvoice.id, heldPayment.id],
  };
}

/** A deletion request whose cooling-off period has already ended (started `daysAgo` days ago). */
export async function dueDeletionRequest(personId: string, daysAgo = 30): Promise<string> {
  const startedAt = new Date(Date.now() - daysAgo * 86_400_000);
  return db.$transaction(async (tx) => {
    const request = await createRequest(tx, {
      personId,
      type: "deletion",
      status: "received",
      receivedAt: startedAt,
    });
    await beginCoolingOff(tx, request.id, startedAt);
    return request.id;
  });
}
