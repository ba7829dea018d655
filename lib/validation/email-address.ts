// Addresses are stored normalised (NFKC, trimmed, lower case), so finding someone by address is an
// exact comparison of normalised forms, never a pattern (LIKE/ILIKE) or a case-insensitive match.
import { emailSchema } from "../auth/sign-in.validation";
import { normaliseEmail } from "../auth/people";

/** The normalised form of an address, or null when it is not a usable address (e.g. it holds a NUL). */
export function usableAddress(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const parsed = emailSchema.safeParse(normaliseEmail(raw));
  return parsed.success ? parsed.data : null;
}
