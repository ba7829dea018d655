import { describe, expect, it } from "vitest";
import { maskEmail } from "./mask-email";

describe("maskEmail", () => {
  it("keeps the first character and the domain", () => {
    expect(maskEmail("anna.andersson@demo.example")).toBe("a•••@demo.example");
    expect(maskEmail("a@example.com")).toBe("a•••@example.com");
  });

  it("hides how long the local part is", () => {
    expect(maskEmail("ab@example.com")).toBe(maskEmail("abcdefgh@example.com"));
  });

  it("keeps a character outside the Basic Multilingual Plane whole", () => {
    expect(maskEmail("😀x@example.com")).toBe("😀•••@example.com");
  });

  it("shows nothing of something that is not an address", () => {
    expect(maskEmail("no-at-sign")).toBe("•••");
    expect(maskEmail("@example.com")).toBe("•••");
  });
});
