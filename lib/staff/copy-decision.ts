// Copies asked for outside the portal's free-copy button: a further copy within the free-copy window
// (Art. 15(3)), or a copy request registered by staff. Staff decide:
// - free: the copy is built now (a Copy row and a "copy.build" job, as lib/privacy/copy does);
// - with a fee: a reasonable, cost-based fee is announced to the person first (email); nothing is built
//   until the person accepts it on /requests/fee/[id], in their own session;
// - refused: only as manifestly unfounded or excessive, with reasons (Art. 12(5)).
// A copy type request whose person still has the free copy gets it free (it counts as the free copy).
import { lockPerson } from "@/lib/kernel/use-case";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { transitionRequest } from "../privacy/requests";
import { getSettings } from "../settings";
import { defineRequestDecision } from "./common";
import { startCopy } from "../privacy/copy/start";
import { refuseLocked } from "./decisions";
import { assertAllowed, isCopyRequest, loadRequestFacts } from "./request-actions";
import { money, sendStaffEmail } from "./emails";
import { copyDecisionInput } from "./validation";

export type CopyDecisionResult = { decision: "free" | "fee" | "refuse"; copyId?: string };

export const decideCopy = defineRequestDecision(
  "copy.decide",
  copyDecisionInput,
  async (tx, staff, input, request, now): Promise<CopyDecisionResult> => {
    if (!isCopyRequest(request.type)) throw new AppError("not_allowed_now", { reason: "not_a_copy" });
    if (!request.person) throw new AppError("not_found");
    const personId = request.person.id;
    // The person's row lock serialises this with the portal's own copy button (request-copy.ts).
    await lockPerson(tx, personId);
    // The same guard the request page uses to offer the decisions.
    const facts = await loadRequestFacts(tx, request, now, (await getSettings()).freeCopyMonths);
    assertAllowed(facts, input.decision === "free" ? "grant" : input.decision);
    if (input.decision === "refuse") {
      await refuseLocked(tx, staff, request, input.reason, input.ground);
      return { decision: "refuse" };
    }
    const freeAvailable = request.type === "copy" && facts.freeCopyAvailable;

    if (input.decision === "fee") {
      await transitionRequest(tx, request.id, "awaiting_fee_acceptance", { decisionReason: input.basis });
      await tx.request.update({
        where: { id: request.id },
        data: { feeOre: input.feeSek, feeAcceptedAt: null },
      });
      await sendStaffEmail(
        tx,
        request.person,
        "feeOffer",
        (locale) => ({ amount: money(locale, input.feeSek), basis: input.basis }),
        { path: `/requests/fee/${request.id}` },
      );
      await audit(tx, staff, {
        action: "staff.copy_fee_proposed",
        personId,
        targetType: "request",
        targetId: request.id,
        meta: { feeOre: input.feeSek },
      });
      return { decision: "fee" };
    }

    const copyId = await startCopy(tx, { requestId: request.id, personId, free: freeAvailable, now });
    await audit(tx, staff, {
      action: "staff.copy_granted",
      personId,
      targetType: "copy",
      targetId: copyId,
      meta: { requestId: request.id, countsAsFreeCopy: freeAvailable },
    });
    return { decision: "free", copyId };
  },
  { maxWait: 30_000, timeout: 30_000 },
);
