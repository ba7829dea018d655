// Small helpers every staff use-case shares.
import { lockRequestRow } from "@/lib/kernel/use-case";
import type { Tx } from "../db";
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
