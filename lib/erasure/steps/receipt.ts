// Step 1: the receipt, computed while everything is still there and queued to the person's address
// in their language before the address is erased. The outbox row is emptied after delivery
// (receipt_cleanup).
import { getSettings } from "../../settings";
import { queueEmail } from "../../email/send";
import { localeOf } from "../../i18n/config";
import { receiptEmail } from "../emails";
import { computePlan } from "../plan";
import type { Detail, ErasureStepDef } from "./types";

export const receiptStep: ErasureStepDef = {
  name: "receipt",
  inside: async (tx, ctx): Promise<Detail> => {
    // Routine retention: the person did not ask, and a "you asked us" receipt would be wrong.
    if (ctx.system) return { emailId: null, skipped: "system" };
    const person = await tx.person.findUnique({
      where: { id: ctx.personId },
      select: { email: true, language: true },
    });
    if (!person) return { emailId: null, skipped: "gone" };
    const locale = localeOf(person.language);
    const plan = await computePlan(tx, ctx.personId, locale, await getSettings(tx), ctx.now);
    const mail = receiptEmail(locale, plan, ctx.requestId);
    const emailId = await queueEmail(tx, {
      to: person.email,
      kind: "deletionReceipt",
      personId: ctx.personId,
      ...mail,
    });
    return { emailId, kept: plan.kept.length, expired: plan.expired.length };
  },
};
