// The stored hash is made from the normalised number (YYYYMMDD-NNNN; the import, the seeds and the
// identity correction all store that form). Every lookup (tombstones, staff search) must find it from
// any way of writing the same number.
import { describe, expect, it } from "vitest";
import { testPersonnummer } from "../validation/personnummer";
import { keyedHash } from "./keys";
import { personnummerHash } from "./personnummer-hash";

/** The ways one number is written: 12 or 10 digits, with or without the dash, with spaces. */
function spellings(normalised: string): string[] {
  const twelve = normalised.replace("-", "");
  const ten = twelve.slice(2);
  return [
    normalised,
    twelve,
    ten,
    `${ten.slice(0, 6)}-${ten.slice(6)}`,
    ` ${normalised.slice(0, 8)} ${normalised.slice(9)} `,
  ];
}

describe("personnummerHash", () => {
  it("gives the stored hash for every spelling of the same number", async () => {
    const list = await testPersonnummer();
    // One born in the 1900s and one in the 2000s, so the century of a 10-digit form is inferred both ways.
    const samples = [list.find((p) => p.startsWith("19")), list.find((p) => p.startsWith("20"))];
    for (const pnr of samples) {
      expect(pnr).toBeDefined();
      const stored = keyedHash("personnummer", pnr!);
      for (const written of spellings(pnr!)) expect(personnummerHash(written)).toBe(stored);
    }
  });

  it("gives no hash for what is not a personnummer", async () => {
    const [pnr] = await testPersonnummer();
    const wrongChecksum = `${pnr!.slice(0, 12)}${(Number(pnr!.slice(12)) + 1) % 10}`;
    for (const bad of ["", "abc", "19401307-0000", wrongChecksum, `${pnr}1`]) {
      expect(personnummerHash(bad)).toBeNull();
    }
  });
});
