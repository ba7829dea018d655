import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, localeOf } from "./config";

describe("localeOf", () => {
  it("keeps a supported locale and falls back to the default for anything else", () => {
    expect(localeOf("en")).toBe("en");
    expect(localeOf("sv")).toBe("sv");
    for (const other of ["de", "EN", "", null, undefined, 1]) expect(localeOf(other)).toBe(DEFAULT_LOCALE);
  });
});
