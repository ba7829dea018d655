import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createHmac } from "node:crypto";
import { unsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";
import { listUnsubscribeHeaders } from "./headers";

const id = "3f1c2a9e-8d4b-4c1e-9a7f-0b2d4e6f8a1c";

describe("unsubscribe token", () => {
  it("names the person and topic it was made for", () => {
    expect(verifyUnsubscribeToken(unsubscribeToken(id))).toEqual({ personId: id, topic: "" });
    expect(verifyUnsubscribeToken(unsubscribeToken(id, "news"))).toEqual({ personId: id, topic: "news" });
  });

  it("cannot be moved to another person or topic, or altered anywhere", () => {
    const token = unsubscribeToken(id, "news");
    const [, mac] = token.split(".");
    const otherPayload = Buffer.from(`${id.replace("3f", "4f")}:news`).toString("base64url");
    expect(verifyUnsubscribeToken(`${otherPayload}.${mac}`)).toBeNull();
    const allTopics = Buffer.from(`${id}:`).toString("base64url");
    expect(verifyUnsubscribeToken(`${allTopics}.${mac}`)).toBeNull();
    for (let i = 0; i < token.length; i++) {
      if (token[i] === ".") continue;
      const c = token[i] === "A" ? "B" : "A";
      const altered = token.slice(0, i) + c + token.slice(i + 1);
      expect(verifyUnsubscribeToken(altered), `altered at ${i}`).toBeNull();
    }
    expect(verifyUnsubscribeToken(token + "A")).toBeNull();
    expect(verifyUnsubscribeToken(token.split(".")[0])).toBeNull();
  });

  it("is keyed: the same HMAC with another key is refused", () => {
    const payload = Buffer.from(`${id}:`).toString("base64url");
    const forged = createHmac("sha256", Buffer.alloc(32, 1)).update(`u1\n${id}\n`).digest("base64url");
    expect(verifyUnsubscribeToken(`${payload}.${forged}`)).toBeNull();
  });

  it("random strings never verify", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(verifyUnsubscribeToken(s)).toBeNull();
      }),
      { numRuns: 500 },
    );
    expect(verifyUnsubscribeToken(undefined)).toBeNull();
    expect(verifyUnsubscribeToken(42)).toBeNull();
  });

  it("builds RFC 8058 headers pointing at the one-click endpoint", () => {
    const h = listUnsubscribeHeaders(id, "offers");
    expect(h["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const m = /^<(https?:\/\/[^>]+)>$/.exec(h["List-Unsubscribe"]!);
    expect(m).not.toBeNull();
    const url = new URL(m![1]!);
    expect(url.pathname).toBe("/api/unsubscribe");
    expect(verifyUnsubscribeToken(url.searchParams.get("token"))).toEqual({ personId: id, topic: "offers" });
  });
});
