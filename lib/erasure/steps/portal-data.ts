// Step 5: the person's data in every table of the portal, in one transaction. What stays until the
// next steps: the Person row with only its email and personnummer hash (the tombstone needs them) and
// the encrypted personnummer (gone with the key and the row in step 7), the data key, and the receipt
// in the outbox until it is delivered. Orders go too: they are not vouchers (invoices are, and step 4
// kept them). Copy files on disk are deleted first, outside the transaction; deleting them again is
// harmless, so a crash in between only repeats it.
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { keyedHash } from "../../crypto/keys";
import { db, type Tx } from "../../db";
import { env } from "../../env";
import { addressesOf } from "../addresses";
import { restrictHeldRecords } from "./holds";
import type { Detail, ErasureStepDef } from "./types";

export const portalDataStep: ErasureStepDef = {
  name: "portal_data",
  outside: async (ctx) => ({ copyFiles: await deleteCopyFiles(ctx.personId) }),
  inside: async (tx, ctx, outside) => {
    const personId = ctx.personId;
    const addresses = (await addressesOf(tx, personId))?.all ?? [];
    const receiptId = ctx.done.get("receipt")?.emailId;
    const n: Record<string, number> = {};
    const count = async (key: string, work: Promise<{ count: number }>) => {
      n[key] = (await work).count;
    };

    // Vouchers that arrived after step 4 (an import in between) are held the same way.
    const late = await restrictHeldRecords(tx, personId, ctx.now);

    await count("orders", tx.order.deleteMany({ where: { personId } })); // items and shipments cascade
    await count("creditChecks", tx.creditCheck.deleteMany({ where: { personId } }));
    await count("webEvents", tx.webEvent.deleteMany({ where: { personId } }));
    await count("social", tx.socialInteraction.deleteMany({ where: { personId } }));
    await count("support", tx.supportContact.deleteMany({ where: { personId } }));
    await count("forms", tx.formSubmission.deleteMany({ where: { personId } }));
    await count("disclosures", tx.authorityDisclosure.deleteMany({ where: { personId } }));
    await count("consentStates", tx.consentState.deleteMany({ where: { personId } }));
    await count("company", tx.company.deleteMany({ where: { personId } }));
    await count("optInTokens", tx.optInToken.deleteMany({ where: { personId } }));
    await count("emailChanges", tx.emailChange.deleteMany({ where: { personId } }));
    await count("accessEvents", tx.accessEvent.deleteMany({ where: { personId } }));
    await count("copies", tx.copy.deleteMany({ where: { personId } }));
    await count("fieldSources", tx.fieldSource.deleteMany({ where: { personId } }));
    await count("partnerSyncs", tx.partnerSync.deleteMany({ where: { personId } }));
    await count("impersonations", tx.impersonation.deleteMany({ where: { personId } }));
    // What the connectors did stays with the requests, no longer linked to the person.
    await count(
      "connectorOutcomes",
      tx.connectorOutcome.updateMany({ where: { personId }, data: { personId: null } }),
    );
    // Staff notes on the person's requests are free text and may hold anything.
    await count("requestNotes", tx.requestNote.deleteMany({ where: { request: { personId } } }));
    await count(
      "taskNotes",
      tx.recipientTask.updateMany({
        where: { personId, note: { not: null }, NOT: { requestId: ctx.requestId } },
        data: { note: null },
      }),
    );
    // Request details are encrypted with the person's key; without it they are noise.
    await count(
      "requestDetails",
      tx.request.updateMany({ where: { personId, detailsEnc: { not: null } }, data: { detailsEnc: null } }),
    );
    await count(
      "emails",
      tx.emailMessage.deleteMany({
        where: {
          OR: [{ personId }, ...(addresses.length ? [{ to: { in: addresses } }] : [])],
          ...(typeof receiptId === "string" ? { NOT: { id: receiptId } } : {}),
        },
      }),
    );
    if (addresses.length) {
      await count(
        "signInTokens",
        tx.verificationToken.deleteMany({ where: { identifier: { in: addresses } } }),
      );
      await count(
        "rateLimits",
        tx.rateLimitCounter.deleteMany({
          where: {
            bucket: "signin-address",
            key: { in: addresses.map((a) => keyedHash("rate:signin-address", a)) },
          },
        }),
      );
    }
    n.users = await deleteUsers(tx, personId, addresses);
    n.jobs = await scrubJobs(tx, personId);

    // The Person row keeps only what steps 6 and 7 need.
    await tx.person.update({
      where: { id: personId },
      data: {
        externalId: null,
        firstName: null,
        lastName: null,
        dateOfBirth: null,
        phone: null,
        billingStreet: null,
        billingPostcode: null,
        billingCity: null,
        billingCountry: null,
        deliveryStreet: null,
        deliveryPostcode: null,
        deliveryCity: null,
        deliveryCountry: null,
        restrictionReason: null,
        lastActiveAt: null,
      },
    });
    return {
      ...outside,
      ...n,
      lateHeld: Number(late.invoicesHeld) + Number(late.paymentsHeld),
    } satisfies Detail;
  },
};

/** Sign-in identities (sessions and accounts cascade): the person's, and any left under their addresses. */
async function deleteUsers(tx: Tx, personId: string, addresses: string[]): Promise<number> {
  const staff = addresses.length
    ? (
        await tx.staffMember.findMany({
          where: { email: { in: addresses } },
          select: { email: true },
        })
      ).map((s) => s.email.toLowerCase())
    : [];
  // A staff member's own sign-in survives; it only stops pointing at the person.
  if (staff.length) {
    await tx.user.updateMany({
      where: { personId, email: { in: staff } },
      data: { personId: null },
    });
  }
  const mine = addresses.filter((a) => !staff.includes(a));
  const deleted = await tx.user.deleteMany({
    where: {
      OR: [{ personId }, ...(mine.length ? [{ email: { in: mine } }] : [])],
      NOT: staff.length ? { email: { in: staff } } : undefined,
    },
  });
  return deleted.count;
}

/**
 * Job payloads that mention the person (e.g. a newsletter sync waiting to run). A job being worked
 * on right now keeps its row for pg-boss, with its payload emptied.
 */
async function scrubJobs(tx: Tx, personId: string): Promise<number> {
  const pattern = `%${personId.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const deleted = await tx.$executeRaw`
    DELETE FROM pgboss.job
    WHERE state <> 'active' AND (data::text LIKE ${pattern} OR coalesce(output::text, '') LIKE ${pattern})`;
  const emptied = await tx.$executeRaw`
    UPDATE pgboss.job SET data = '{}'::jsonb
    WHERE state = 'active' AND data::text LIKE ${pattern}`;
  const archived = await tx.$executeRaw`
    DELETE FROM pgboss.archive WHERE data::text LIKE ${pattern} OR coalesce(output::text, '') LIKE ${pattern}`;
  return deleted + emptied + archived;
}

/** The person's copies on disk: the file, a half-written part and a build's work folder. */
async function deleteCopyFiles(personId: string): Promise<number> {
  const copies = await db.copy.findMany({ where: { personId }, select: { id: true, filePath: true } });
  if (copies.length === 0) return 0;
  const dir = path.resolve(env().EXPORT_DIR);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // No export folder: nothing on disk.
  }
  let removed = 0;
  for (const c of copies) {
    const targets = new Set<string>(
      names.filter((name) => name.includes(c.id)).map((name) => path.join(dir, name)),
    );
    // Only ever a file named after this copy: a wrong stored path must not delete anything else.
    if (c.filePath && path.basename(c.filePath).includes(c.id)) targets.add(path.resolve(c.filePath));
    for (const target of targets) {
      rmSync(target, { recursive: true, force: true });
      removed += 1;
    }
  }
  return removed;
}
