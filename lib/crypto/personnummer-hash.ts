// The one keyed hash of a personnummer, as stored on Person.personnummerHash and
// Tombstone.personnummerHash and used to look either up. The number is normalised first
// (YYYYMMDD-NNNN, lib/validation/personnummer.ts), so every way of writing it (10 or 12 digits, with
// or without the dash, with spaces) gives the hash the stored one was made with.
import { normalisePersonnummer } from "../validation/personnummer";
import { keyedHash } from "./keys";

/** null for a value that is not a valid personnummer. */
export function personnummerHash(personnummer: string): string | null {
  const normalised = normalisePersonnummer(personnummer);
  return normalised ? keyedHash("personnummer", normalised) : null;
}
