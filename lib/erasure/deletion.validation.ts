import { z } from "zod";

/** Asking for deletion needs an explicit confirmation (the checkbox). */
export const requestDeletionInput = z.object({
  confirm: z.literal(true, { error: "confirm_required" }),
});
export type RequestDeletionInput = z.infer<typeof requestDeletionInput>;

/** The request id only names which of the person's own requests; ownership is checked in the query. */
export const cancelDeletionInput = z.object({
  requestId: z.string().trim().min(1).max(64),
});
export type CancelDeletionInput = z.infer<typeof cancelDeletionInput>;
