// The proxy's refusal of URLs no page can use (a NUL, percent-encoding that is not UTF-8), and its
// success twin: ordinary and international text passes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isUnreadableUrl } from "./unreadable-url";

const BASE = "http://localhost:3000";

describe("isUnreadableUrl", () => {
  it("refuses a NUL or broken percent-encoding anywhere in the path or the query", () => {
    for (const rest of [
      "/staff?q=a%00b",
      "/staff/audit?personId=%00",
      "/dev/outbox?to=x%00%40y.example",
      "/staff/people/%00",
      "/sign-in/confirm?token=%E0%A4%A&email=x",
      "/staff?q=%FF",
      "/staff?q=%C0%80",
      "/staff?%00=1",
      "/staff?q=100%",
    ])
      expect(isUnreadableUrl(BASE + rest), rest).toBe(true);
  });

  it("lets ordinary text through, however encoded", () => {
    for (const rest of [
      "/",
      "/staff?q=anna.andersson%40demo.example",
      "/staff?q=%C3%96sterg%C3%A5rd+Bj%C3%B6rk",
      "/staff/audit?action=staff.search&personId=abc123",
      "/sign-in?next=%2Fmy-data",
      "/api/exports/status",
    ])
      expect(isUnreadableUrl(BASE + rest), rest).toBe(false);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        fc.pre(!text.includes("\0"));
        expect(isUnreadableUrl(`${BASE}/staff?${new URLSearchParams({ q: text })}`)).toBe(false);
        expect(isUnreadableUrl(`${BASE}/staff?${new URLSearchParams({ q: `${text}\0` })}`)).toBe(true);
      }),
    );
  });
});
