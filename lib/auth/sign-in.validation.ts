// zod/mini: the email schema is also part of the details page's email change form, which runs in the
// browser (docs/decisions/0012-client-javascript-budget.md).
import * as z from "zod/mini";

export const emailSchema = z.pipe(
  z.pipe(
    z
      .string({ error: "email_required" })
      .check(z.trim(), z.minLength(1, "email_required"), z.maxLength(254, "email_invalid")),
    z.email("email_invalid"),
  ),
  z.transform((v: string) => v.toLowerCase()),
);

export const requestLinkInput = z.object({
  email: emailSchema,
  next: z.optional(z.string()),
});
export type RequestLinkInput = z.infer<typeof requestLinkInput>;
