// Phone numbers, normalised to E.164 ("+46701234567"). A number written nationally ("070-123 45 67")
// is Swedish unless told otherwise. Written by hand rather than pulling in a numbering-plan library:
// the portal only needs "is this a plausible number, and one canonical way to store it".

export type PhoneError = "phone_invalid" | "phone_too_short" | "phone_too_long";
export type PhoneCheck = { ok: true; value: string } | { ok: false; error: PhoneError };

// E.164 allows at most 15 digits with the country code. Swedish national significant numbers (after
// the trunk 0) have 7 to 9 digits; elsewhere 8 digits with the country code is a safe minimum.
const E164_MAX = 15;
const SE_NSN = { min: 7, max: 9 };
const OTHER_MIN = 8;

export function checkPhone(input: string, defaultCountryCode = "46"): PhoneCheck {
  const raw = input.trim();
  // Only digits, one leading plus and the usual separators; letters (vanity numbers, "ext") are refused.
  if (!/^\+?[\d\s\-().\/]+$/.test(raw)) return { ok: false, error: "phone_invalid" };
  // "+46 (0)70 ..." : the bracketed trunk zero is a writing habit, not part of the number.
  const withoutTrunkHint = raw.replace(/\(0\)/g, "");
  const plus = withoutTrunkHint.startsWith("+");
  const digits = withoutTrunkHint.replace(/\D/g, "");
  if (digits.length === 0) return { ok: false, error: "phone_invalid" };

  let international: string;
  if (plus) international = digits;
  else if (digits.startsWith("00")) international = digits.slice(2);
  else if (digits.startsWith("0")) international = defaultCountryCode + digits.slice(1);
  // Without a plus, 00 or trunk 0 we cannot tell a country code from a local number.
  else return { ok: false, error: "phone_invalid" };

  if (international.length === 0 || international.startsWith("0"))
    return { ok: false, error: "phone_invalid" };
  if (international.startsWith("46")) {
    // "+46 070 ..." is common; the trunk zero is dropped after the country code.
    let nsn = international.slice(2);
    if (nsn.startsWith("0")) nsn = nsn.slice(1);
    if (nsn.startsWith("0")) return { ok: false, error: "phone_invalid" };
    if (nsn.length < SE_NSN.min) return { ok: false, error: "phone_too_short" };
    if (nsn.length > SE_NSN.max) return { ok: false, error: "phone_too_long" };
    return { ok: true, value: `+46${nsn}` };
  }
  if (international.length < OTHER_MIN) return { ok: false, error: "phone_too_short" };
  if (international.length > E164_MAX) return { ok: false, error: "phone_too_long" };
  return { ok: true, value: `+${international}` };
}

/** The E.164 form, or null when the input is not a plausible phone number. */
export function normalisePhone(input: string, defaultCountryCode = "46"): string | null {
  const r = checkPhone(input, defaultCountryCode);
  return r.ok ? r.value : null;
}

/** For display: Swedish mobile numbers grouped as people write them ("+46 70 123 45 67"). */
export function formatPhone(e164: string): string {
  const m = /^\+46(7\d)(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `+46 ${m[1]} ${m[2]} ${m[3]} ${m[4]}` : e164;
}
