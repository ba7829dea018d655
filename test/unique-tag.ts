import { randomBytes } from "node:crypto";

/** Letters only, so the name is a plausible word and no other test's data contains it. */
export function uniqueTag(): string {
  return Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join("");
}
