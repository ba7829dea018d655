// A further copy with a fee: the person sees the fee staff announced, and accepts it (only then is the
// copy made) or declines it (the request is cancelled; nothing is made or charged).
import { defineUseCase, SUBJECT, lockPerson } from "@/lib/kernel/use-case";
import { db, type Tx } from "../../db";
import { audit } from "../../audit/append";
import { AppError } from "../../errors";
import { lockRequest } from "../../staff/common";
import { transitionRequest } from "../requests";
import { startCopy } from "./start";

export type FeeOffer = {
  id: string;
  type: string;
  status: string;
  feeOre: number | null;
  basis: string | null;
  receivedAt: Date;
  feeAcceptedAt: Date | null;
};

/** The person's own fee offer (or staff viewing as the person, who cannot accept it). */
export const getFeeOffer = defineUseCase(
  "copy.fee_offer",
  { action: "requests.view", callers: SUBJECT },
  async (actor, requestId: string): Promise<FeeOffer> => {
    const r = await db.request.findFirst({ where: { id: requestId, personId: actor.personId } });
    // Someone else's request looks exactly like one that does not exist.
    if (!r || (r.feeOre === null && r.status !== "awaiting_fee_acceptance")) throw new AppError("not_found");
    return {
      id: r.id,
      type: r.type,
      status: r.status,
      feeOre: r.feeOre,
      basis: r.decisionReason,
      receivedAt: r.receivedAt,
      feeAcceptedAt: r.feeAcceptedAt,
    };
  },
);

/** The person accepts the announced fee: only now is the copy made. */
export const acceptFee = defineUseCase(
  "copy.fee_accept",
  { action: "copy.request", callers: ["person"] },
  async (actor, requestId: string, now: Date = new Date()): Promise<{ copyId: string }> => {
    const personId = actor.personId;
    return db.$transaction(
      async (tx) => {
        const request = await lockFeeAnswer(tx, requestId, personId);
        if (request.feeOre === null) throw new AppError("not_allowed_now", { reason: "status" });
        await lockPerson(tx, personId);
        await tx.request.update({ where: { id: requestId }, data: { feeAcceptedAt: now } });
        const copyId = await startCopy(tx, { requestId, personId, free: false, now });
        await audit(tx, actor, {
          action: "copy.fee_accepted",
          personId,
          targetType: "copy",
          targetId: copyId,
          meta: { requestId, feeOre: request.feeOre },
        });
        return { copyId };
      },
      { maxWait: 30_000, timeout: 30_000 },
    );
  },
);

/** The person declines the fee: the request is cancelled and nothing is made or charged. */
export const declineFee = defineUseCase(
  "copy.fee_decline",
  { action: "copy.request", callers: ["person"] },
  async (actor, requestId: string): Promise<void> => {
    const personId = actor.personId;
    await db.$transaction(async (tx) => {
      await lockFeeAnswer(tx, requestId, personId);
      await transitionRequest(tx, requestId, "cancelled");
      await audit(tx, actor, {
        action: "copy.fee_declined",
        personId,
        targetType: "request",
        targetId: requestId,
      });
    });
  },
);

/**
 * Locks the person's own request that waits for their answer to a fee: another person's request looks
 * like one that does not exist, and one no longer waiting cannot be answered.
 */
async function lockFeeAnswer(tx: Tx, requestId: string, personId: string) {
  const request = await lockRequest(tx, requestId);
  if (request.personId !== personId) throw new AppError("not_found");
  if (request.status !== "awaiting_fee_acceptance")
    throw new AppError("not_allowed_now", { reason: "status" });
  return request;
}
