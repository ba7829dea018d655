import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { signSvix, verifySvix } from "./webhook-signature";

const secret = "whsec_" + Buffer.alloc(24, 5).toString("base64");
const body = JSON.stringify({
  type: "contact.updated",
  data: { email: "a@test.example", unsubscribed: true },
});
const now = new Date("2026-11-20T10:00:00Z");
const ts = String(Math.floor(now.getTime() / 1000));

describe("Svix signature", () => {
  it("accepts the signature Svix computes (independent computation)", () => {
    const sig = createHmac("sha256", Buffer.alloc(24, 5)).update(`msg_1.${ts}.${body}`).digest("base64");
    expect(signSvix(secret, "msg_1", ts, body)).toBe(sig);
    expect(verifySvix(secret, { id: "msg_1", timestamp: ts, signature: `v1,${sig}` }, body, now)).toEqual({
      ok: true,
    });
    // Several signatures during a secret rotation: any valid one is enough.
    expect(
      verifySvix(secret, { id: "msg_1", timestamp: ts, signature: `v1,AAAA v1,${sig}` }, body, now),
    ).toEqual({ ok: true });
  });

  it("refuses a changed body, id, timestamp or secret", () => {
    const sig = `v1,${signSvix(secret, "msg_1", ts, body)}`;
    expect(verifySvix(secret, { id: "msg_1", timestamp: ts, signature: sig }, body + " ", now).ok).toBe(
      false,
    );
    expect(verifySvix(secret, { id: "msg_2", timestamp: ts, signature: sig }, body, now).ok).toBe(false);
    const other = "whsec_" + Buffer.alloc(24, 6).toString("base64");
    expect(verifySvix(other, { id: "msg_1", timestamp: ts, signature: sig }, body, now).ok).toBe(false);
    expect(
      verifySvix(secret, { id: "msg_1", timestamp: ts, signature: sig.replace("v1,", "v2,") }, body, now).ok,
    ).toBe(false);
  });

  it("refuses an old or future timestamp even when correctly signed", () => {
    const old = String(Number(ts) - 6 * 60);
    const sig = `v1,${signSvix(secret, "msg_1", old, body)}`;
    expect(verifySvix(secret, { id: "msg_1", timestamp: old, signature: sig }, body, now)).toEqual({
      ok: false,
      reason: "stale",
    });
    const future = String(Number(ts) + 6 * 60);
    const sig2 = `v1,${signSvix(secret, "msg_1", future, body)}`;
    expect(verifySvix(secret, { id: "msg_1", timestamp: future, signature: sig2 }, body, now).ok).toBe(false);
  });

  it("refuses missing headers", () => {
    expect(verifySvix(secret, { id: null, timestamp: ts, signature: "v1,x" }, body, now)).toEqual({
      ok: false,
      reason: "missing_headers",
    });
  });
});
