// Postcodes. Swedish ones are five digits written "NNN NN" (Postnord's format); the first digit is
// 1–9, no Swedish postcode starts with 0. Other countries' postcodes are only checked for shape.

export type PostcodeError = "postcode_required" | "postcode_invalid";

/** "11451", "114 51", "SE-114 51" -> "114 51"; null when it is not a Swedish postcode. */
export function normaliseSwedishPostcode(input: string): string | null {
  const compact = input
    .trim()
    .toUpperCase()
    .replace(/^(SE|S)[-\s]?/, "")
    .replace(/\s+/g, "");
  if (!/^[1-9]\d{4}$/.test(compact)) return null;
  return `${compact.slice(0, 3)} ${compact.slice(3)}`;
}

/** A foreign postcode: 2–10 letters, digits, spaces or hyphens, with at least one letter or digit. */
export function normaliseForeignPostcode(input: string): string | null {
  const value = input.trim().toUpperCase().replace(/\s+/g, " ");
  if (!/^[A-Z0-9][A-Z0-9 -]{1,9}$/.test(value)) return null;
  return value;
}

/** The postcode as stored for the country (ISO 3166-1 alpha-2), or null when it is not valid there. */
export function normalisePostcode(input: string, country: string): string | null {
  return country === "SE" ? normaliseSwedishPostcode(input) : normaliseForeignPostcode(input);
}
