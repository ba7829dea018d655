// Step 6: the tombstone. One row per address the person had (not one that is someone else's now),
// the personnummer hash on the first, so an import refuses both. Running it twice changes nothing.
import { decryptWith, existingDataKey } from "../../crypto/keys";
import type { Tx } from "../../db";
import { addressesOf } from "../addresses";
import { personnummerHash } from "../../crypto/personnummer-hash";
import { tombstoneEmailHash } from "../tombstone";
import type { ErasureStepDef } from "./types";

export const tombstoneStep: ErasureStepDef = {
  name: "tombstone",
  inside: async (tx, ctx) => {
    const person = await tx.person.findUnique({
      where: { id: ctx.personId },
      select: { personnummerHash: true, personnummerEnc: true },
    });
    const addresses = await addressesOf(tx, ctx.personId);
    if (!person || !addresses) return { tombstones: 0, personnummer: false };
    let pnrHash =
      person.personnummerHash ?? (await hashFromEncrypted(tx, ctx.personId, person.personnummerEnc));
    // Already tombstoned (the same personnummer erased before): the unique hash is there already.
    if (
      pnrHash &&
      (await tx.tombstone.findUnique({ where: { personnummerHash: pnrHash }, select: { id: true } }))
    ) {
      pnrHash = null;
    }
    let written = 0;
    for (const [i, address] of addresses.all.entries()) {
      const emailHash = tombstoneEmailHash(address);
      const withPnr = i === 0 ? pnrHash : null;
      const existing = await tx.tombstone.findUnique({
        where: { emailHash },
        select: { personnummerHash: true },
      });
      if (existing) {
        if (withPnr && !existing.personnummerHash) {
          await tx.tombstone.update({
            where: { emailHash },
            data: { personnummerHash: withPnr, erasedAt: ctx.now },
          });
        }
      } else {
        await tx.tombstone.create({ data: { emailHash, personnummerHash: withPnr, erasedAt: ctx.now } });
      }
      written += 1;
    }
    return { tombstones: written, personnummer: Boolean(person.personnummerHash || person.personnummerEnc) };
  },
};

async function hashFromEncrypted(tx: Tx, personId: string, enc: Uint8Array | null): Promise<string | null> {
  if (!enc) return null;
  try {
    const value = decryptWith(await existingDataKey(tx, personId), enc);
    return value ? personnummerHash(value) : null;
  } catch {
    return null;
  }
}
