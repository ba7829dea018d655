// Issue 16, finding 2: "next" and "callbackUrl" values that a browser resolves to another host were
// passed on as a Location (open redirect), and some crashed the page. Every such value decides
// "same origin" by parsing against the portal's origin.
import { describe, expect, it } from "vitest";
import { safeNext, sameOriginPath } from "./safe-next";

const PORTAL = "http://localhost:3000";
const FALLBACK = "/my-data";

/** Raw values as a page receives them (query strings already decoded). */
const HOSTILE = [
  "/\t/127.0.0.1:3499/phish", // ?next=%2F%09%2F127.0.0.1:3499%2Fphish
  "/\t\\127.0.0.1:3499/phish", // %2F%09%5C…
  "/\n/127.0.0.1:3499/phish", // %0A
  "/\r/127.0.0.1:3499/phish", // %0D
  "/\r\n/evil.example",
  "//evil.example",
  "//evil.example/my-data",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  " //evil.example",
  "/.//evil.example",
  "/my-data/..//evil.example",
  "http://localhost:3000//evil.example",
  "//evil\u3001example", // ideographic full stop, IDNA-mapped to "."
  "https://evil.example",
  "https://evil.example/my-data",
  "http://localhost:3000@evil.example/",
  "http://localhost:3001/my-data",
  "https://localhost:3000/my-data",
  "https:evil.example",
  "javascript:alert(1)",
  "JavaScript:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "//%65vil.example",
  "///evil.example",
];

describe("sameOriginPath", () => {
  it.each(HOSTILE)("refuses %j", (value) => {
    expect(sameOriginPath(value, FALLBACK, PORTAL)).toBe(FALLBACK);
    expect(safeNext(value, FALLBACK, PORTAL)).toBe(FALLBACK);
  });

  it.each([
    ["/copy", "/copy"],
    ["/my-data?category=orders#latest", "/my-data?category=orders#latest"],
    ["/copy?stepup=1", "/copy?stepup=1"],
    ["/details?a=1&b=%2F%2Fevil", "/details?a=1&b=%2F%2Fevil"],
    ["http://localhost:3000/requests?x=1", "/requests?x=1"],
    ["/staff/customers/abc", "/staff/customers/abc"],
    ["copy", "/copy"],
  ])("passes the portal path %j", (value, expected) => {
    expect(sameOriginPath(value, FALLBACK, PORTAL)).toBe(expected);
    expect(safeNext(value, FALLBACK, PORTAL)).toBe(expected);
  });

  it("answers a clean, encoded path on the portal for odd characters (no crash, no other host)", () => {
    for (const value of ["/\u3001/evil.example", "/%2F%2Fevil.example", "/caf\u00e9", "/a\u0000b"]) {
      const path = sameOriginPath(value, FALLBACK, PORTAL);
      expect(path).toMatch(/^\/[^/\\]/);
      expect(path).toMatch(/^[\x21-\x7e]*$/);
      expect(new URL(path, PORTAL).origin).toBe(PORTAL);
    }
  });

  it("falls back for empty and missing values", () => {
    for (const value of ["", null, undefined]) expect(sameOriginPath(value, "/x", PORTAL)).toBe("/x");
  });
});

describe("safeNext", () => {
  it.each(["/sign-in", "/sign-in?next=/copy", "/sign-in/confirm", "/api/auth/signout", "/api"])(
    "does not send a signed-in person back into sign-in: %j",
    (value) => {
      expect(safeNext(value, FALLBACK, PORTAL)).toBe(FALLBACK);
    },
  );

  it("passes paths that only start like sign-in", () => {
    expect(safeNext("/sign-income", FALLBACK, PORTAL)).toBe("/sign-income");
  });
});
