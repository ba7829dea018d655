// Step 2: the newsletter partner deletes its contact (Resend SDK, by email; a contact already gone is
// fine). A failure throws, so the queue retries the job and the step stays undone. Without an API key
// nothing can be asked: "not_configured" is recorded and the next step gives staff a task instead.
import { db } from "../../db";
import { partnerConfigured, removeContact } from "../../newsletter/partner";
import { addressesOf } from "../addresses";
import type { Detail, ErasureStepDef } from "./types";

export const newsletterStep: ErasureStepDef = {
  name: "newsletter",
  outside: async (ctx): Promise<Detail> => {
    if (!partnerConfigured()) return { result: "not_configured" };
    const addresses = await addressesOf(db, ctx.personId);
    if (!addresses) return { result: "gone" };
    for (const address of addresses.all) await removeContact(address);
    return { result: "removed", addresses: addresses.all.length };
  },
  inside: async (_tx, _ctx, outside) => outside,
};
