// Small helpers every staff use-case shares.
import type { z } from "zod";
import { defineUseCase, lockRequestRow, parseCheckedInput } from "@/lib/kernel/use-case";
import type { StaffActor } from "../auth/actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";

/** Locks the request row for the rest of the transaction and returns it (with its person). */
export async function lockRequest(tx: Tx, requestId: string) {
  if (!(await lockRequestRow(tx, requestId))) throw new AppError("not_found");
  const request = await tx.request.findUnique({
    where: { id: requestId },
    include: { person: { select: { id: true, email: true, language: true, restrictedAt: true } } },
  });
  if (!request) throw new AppError("not_found");
  return request;
}

export type LockedRequest = Awaited<ReturnType<typeof lockRequest>>;

/**
 * A staff decision on one request: the input parsed, then, in one transaction with the request's row
 * locked, `decide` (which checks what it needs, writes, tells the person and audits).
 */
export function defineRequestDecision<S extends z.ZodType<{ requestId: string }>, R>(
  name: string,
  schema: S,
  decide: (tx: Tx, staff: StaffActor, input: z.infer<S>, request: LockedRequest, now: Date) => Promise<R>,
  transaction?: { maxWait: number; timeout: number },
) {
  return defineUseCase(
    name,
    { action: "staff.requests.manage", callers: ["staff"] },
    async (staff, raw: unknown, now: Date = new Date()): Promise<R> => {
      const input = parseCheckedInput(schema, raw);
      return db.$transaction(
        async (tx) => decide(tx, staff, input, await lockRequest(tx, input.requestId), now),
        transaction,
      );
    },
  );
}
