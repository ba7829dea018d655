import { z } from "zod";

export const emailSchema = z
  .string({ error: "email_required" })
  .trim()
  .min(1, "email_required")
  .max(254, "email_invalid")
  .pipe(z.email("email_invalid"))
  .transform((v) => v.toLowerCase());

export const requestLinkInput = z.object({
  email: emailSchema,
  next: z.string().optional(),
});
export type RequestLinkInput = z.infer<typeof requestLinkInput>;

/** Only same-origin paths may be a destination after sign-in. */
export function safeNext(next: string | null | undefined, fallback = "/my-data"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  if (next.startsWith("/sign-in") || next.startsWith("/api/")) return fallback;
  return next;
}
