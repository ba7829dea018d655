// Copies asked for outside the portal's free-copy button: a further copy within the free-copy window
// (Art. 15(3)), or a copy request registered by staff. Staff decide:
// - free: the copy is built now (a Copy row and a "copy.build" job, as lib/privacy/copy does);
// - with a fee: a reasonable, cost-based fee is announced to the person first (email); nothing is built
//   until the person accepts it on /requests/fee/[id], in their own session;
// - refused: only as manifestly unfounded or excessive, with reasons (Art. 12(5)).
// A copy type request whose person still has the free copy gets it free (it counts as the free copy).
import { defineUseCase, SUBJECT, lockPerson } from "@/lib/kernel/use-case";
import { db, type Tx } from "../db";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { enqueue } from "../jobs/queue";
import { transitionRequest } from "../privacy/requests";
import { getSettings } from "../settings";
import { lockRequest } from "./common";
import { refuseLocked } from "./decisions";
import { assertAllowed, isCopyRequest, loadRequestFacts } from "./request-actions";
import { money, sendStaffEmail } from "./emails";
import { copyDecisionInput } from "./validation";

export type CopyDecisionResult = { decision: "free" | "fee" | "refuse"; copyId?: string };

export const decideCopy = defineUseCase(
  "copy.decide",
  { action: "staff.requests.manage", callers: ["staff"] },
  async (staff, raw: unknown, now: Date = new Date()): Promise<CopyDecisionResult> => {
    const parsed = copyDecisionInput.safeParse(raw);
    if (!parsed.success) throw new AppError("invalid_input");
    const input = parsed.data;
    const settings = await getSettings();
    return db.$transaction(
      async (tx) => {
        const request = await lockRequest(tx, input.requestId);
        if (!isCopyRequest(request.type)) throw new AppError("not_allowed_now", { reason: "not_a_copy" });
        if (!request.person) throw new AppError("not_found");
        const personId = request.person.id;
        // The person's row lock serialises this with the portal's own copy button (request-copy.ts).
        await lockPerson(tx, personId);
        // The same guard the request page uses to offer the decisions.
        const facts = await loadRequestFacts(tx, request, now, settings.freeCopyMonths);
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
  },
);

async function startCopy(tx: Tx, input: { requestId: string; personId: string; free: boolean; now: Date }) {
  await transitionRequest(tx, input.requestId, "in_progress");
  const copy = await tx.copy.create({
    data: {
      personId: input.personId,
      requestId: input.requestId,
      free: input.free,
      status: "queued",
      createdAt: input.now,
    },
  });
  await enqueue(tx, "copy.build", { copyId: copy.id });
  return copy.id;
}

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
        const request = await lockRequest(tx, requestId);
        if (request.personId !== personId) throw new AppError("not_found");
        if (request.status !== "awaiting_fee_acceptance" || request.feeOre === null) {
          throw new AppError("not_allowed_now", { reason: "status" });
        }
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
      const request = await lockRequest(tx, requestId);
      if (request.personId !== personId) throw new AppError("not_found");
      if (request.status !== "awaiting_fee_acceptance")
        throw new AppError("not_allowed_now", { reason: "status" });
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
