// The receipt, computed while everything is still there and queued to the person's address in their
// language before the address is erased (portal_data). It comes after the partners have been asked and
// staff given their tasks, so it says per system what happened: "WIX: erased automatically, 7 December
// 2026", "PayPal: keeps its invoices as bookkeeping records; ask PayPal at …", "WIX could not erase your
// contact automatically …; our staff will handle it". The outbox row is emptied after delivery
// (receipt_cleanup).
import { outcomeWords } from "../../connectors/outcome-words";
import { outcomesOf } from "../../connectors/outcomes";
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
    // What each automated connector answered; one that was not configured is told by staff like any
    // other recipient, and says so in the recipients' line.
    const systems = (await outcomesOf(ctx.requestId, "erase", tx))
      .filter((o) => o.status !== "not_configured")
      .map((o) => ({ connector: o.connector, words: outcomeWords(o, locale) }));
    const mail = receiptEmail(locale, plan, ctx.requestId, systems);
    const emailId = await queueEmail(tx, {
      to: person.email,
      kind: "deletionReceipt",
      personId: ctx.personId,
      ...mail,
    });
    return { emailId, kept: plan.kept.length, expired: plan.expired.length, systems: systems.length };
  },
};
