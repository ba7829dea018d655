// Swedish personal identity numbers (personnummer) and organisation numbers: format and Luhn checksum.

/** Luhn over the ten digits YYMMDD-NNNC / NNNNNN-NNNC. */
export function luhnValid(tenDigits: string): boolean {
  if (!/^\d{10}$/.test(tenDigits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Normalises to YYYYMMDD-NNNN, or null when it is not a valid personnummer. */
export function normalisePersonnummer(input: string): string | null {
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$/.exec(input.trim().replace(/\s/g, ""));
  if (!m) return null;
  const [, century, yy, mm, dd, last] = m;
  const ten = `${yy}${mm}${dd}${last}`;
  if (!luhnValid(ten)) return null;
  const month = Number(mm);
  const day = Number(dd);
  // Coordination numbers (samordningsnummer) add 60 to the day.
  const realDay = day > 60 ? day - 60 : day;
  if (month < 1 || month > 12 || realDay < 1 || realDay > 31) return null;
  const fullCentury = century ?? (Number(yy) > new Date().getFullYear() % 100 ? "19" : "20");
  const year = Number(`${fullCentury}${yy}`);
  const date = new Date(Date.UTC(year, month - 1, realDay));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${fullCentury}${yy}${mm}${dd}-${last}`;
}

/** `YYYYMMDD-****`: the date of birth is shown anyway; the last four digits stay hidden. */
export function maskPersonnummer(normalised: string): string {
  return `${normalised.slice(0, 8)}-****`;
}

export function birthDateOf(normalised: string): string {
  const day = Number(normalised.slice(6, 8));
  const realDay = day > 60 ? day - 60 : day;
  return `${normalised.slice(0, 4)}-${normalised.slice(4, 6)}-${String(realDay).padStart(2, "0")}`;
}

/**
 * Organisation number NNNNNN-NNNN with checksum. A sole trader's organisation number is their
 * personnummer (the third digit is then below 2: a month), and is treated as one.
 */
export function parseOrgNumber(input: string): { value: string; soleTrader: boolean } | null {
  const compact = input.trim().replace(/[\s-]/g, "");
  if (/^\d{12}$/.test(compact)) {
    const pnr = normalisePersonnummer(compact);
    return pnr ? { value: pnr, soleTrader: true } : null;
  }
  if (!/^\d{10}$/.test(compact) || !luhnValid(compact)) return null;
  if (Number(compact[2]) >= 2)
    return { value: `${compact.slice(0, 6)}-${compact.slice(6)}`, soleTrader: false };
  const pnr = normalisePersonnummer(compact);
  return pnr ? { value: pnr, soleTrader: true } : null;
}

/** The official test numbers (Skatteverket open data) that demo data and tests may use. */
export async function testPersonnummer(): Promise<string[]> {
  const { readFile } = await import("node:fs/promises");
  const path = await import("node:path");
  const text = await readFile(path.resolve(process.cwd(), "lib/seed/test-personnummer.txt"), "utf8");
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^\d{8}-\d{4}$/.test(l));
}
