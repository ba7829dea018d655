// Issue 16, finding 8: the step that signs in is accepted only from the portal's own pages.
import { describe, expect, it } from "vitest";
import { isSameOriginPost } from "./same-origin-post";

const PORTAL = "http://localhost:3000";
const check = (h: Record<string, string>) =>
  isSameOriginPost(new Headers({ host: "localhost:3000", ...h }), PORTAL);

describe("isSameOriginPost", () => {
  it("accepts the portal's own form", () => {
    expect(check({ "sec-fetch-site": "same-origin", origin: PORTAL })).toBe(true);
    expect(check({ origin: PORTAL })).toBe(true);
  });

  it.each<Record<string, string>>([
    { "sec-fetch-site": "cross-site", origin: "http://evil.example" },
    { "sec-fetch-site": "same-site", origin: "http://other.localhost:3000" },
    { "sec-fetch-site": "none" },
    { "sec-fetch-site": "cross-site", origin: PORTAL },
    { origin: "http://evil.example" },
    { origin: "http://localhost:3001" },
    { origin: "https://localhost:3000" },
    { origin: "null" },
    { origin: "not a url" },
    {},
  ])("refuses %j", (headers) => {
    expect(check(headers)).toBe(false);
  });
});
