// The one-click endpoint over HTTP semantics: real Request objects into the exported handlers.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDataMap } from "@/lib/datamap/policy-map";
import { unsubscribeToken } from "@/lib/newsletter/unsubscribe-token";
import { makePerson } from "@/test/factories";
import { GET, POST } from "./route";

const BASE = "http://localhost:3000/api/unsubscribe";

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

async function subscribed() {
  const p = await makePerson();
  await db.consentState.createMany({
    data: [
      { personId: p.id, channel: "email", topic: "news", status: "given", legalBasis: "consent" },
      { personId: p.id, channel: "email", topic: "offers", status: "given", legalBasis: "consent" },
      {
        personId: p.id,
        channel: "post",
        topic: "",
        status: "allowed",
        legalBasis: "allowed_until_objection",
      },
    ],
  });
  return p;
}

function formPost(token: string, body = "List-Unsubscribe=One-Click") {
  return new Request(`${BASE}?token=${encodeURIComponent(token)}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
}

function multipartPost(token: string) {
  const form = new FormData();
  form.set("List-Unsubscribe", "One-Click");
  // fetch's Request sets the multipart content type with its boundary itself.
  return new Request(`${BASE}?token=${encodeURIComponent(token)}`, { method: "POST", body: form });
}

async function emailOn(personId: string) {
  const rows = await db.consentState.findMany({ where: { personId, channel: "email" } });
  return rows.filter((r) => r.status === "given" || r.status === "allowed").map((r) => r.topic);
}
const oneClickEvents = (personId: string) =>
  db.consentEvent.count({ where: { personId, method: "one_click" } });

describe("POST /api/unsubscribe (RFC 8058)", () => {
  // Before, a 64 MB body was read whole (and, through the proxy, its URL with the token was logged).
  it("refuses a too large body, streamed without a length, after reading no more than the limit", async () => {
    const p = await subscribed();
    const token = unsubscribeToken(p.id);
    let pulled = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 64) return controller.close();
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const res = await POST(
      new Request(`${BASE}?token=${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(400);
    expect(pulled).toBeLessThan(4);
    expect(await emailOn(p.id)).toHaveLength(2);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    // Success twin: the same token with the one-click body unsubscribes.
    const ok = await POST(formPost(token));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(await emailOn(p.id)).toEqual([]);
  });

  it("form-encoded One-Click unsubscribes at once; a second POST changes nothing more", async () => {
    const p = await subscribed();
    const token = unsubscribeToken(p.id);
    const res = await POST(formPost(token));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ unsubscribed: true, changed: 2 });
    expect(await emailOn(p.id)).toEqual([]);
    const after = await oneClickEvents(p.id);
    expect(after).toBe(2);

    const again = await POST(formPost(token));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ unsubscribed: true, changed: 0 });
    expect(await oneClickEvents(p.id)).toBe(after);
    // Post is another channel: untouched.
    expect(
      (await db.consentState.findFirstOrThrow({ where: { personId: p.id, channel: "post" } })).status,
    ).toBe("allowed");
  });

  it("multipart One-Click unsubscribes too", async () => {
    const p = await subscribed();
    const req = multipartPost(unsubscribeToken(p.id));
    expect(req.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const res = await POST(req);
    expect(res.status).toBe(200);
    expect(await emailOn(p.id)).toEqual([]);
    expect((await POST(multipartPost(unsubscribeToken(p.id)))).status).toBe(200);
    expect(await oneClickEvents(p.id)).toBe(2);
  });

  it("concurrent POSTs record one entry per topic", async () => {
    const p = await subscribed();
    const token = unsubscribeToken(p.id);
    const results = await Promise.all([POST(formPost(token)), POST(formPost(token)), POST(formPost(token))]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await oneClickEvents(p.id)).toBe(2);
  });

  it("a tampered token gets 400 and changes nothing", async () => {
    const p = await subscribed();
    const token = unsubscribeToken(p.id);
    const other = await subscribed();
    const [, mac] = token.split(".");
    const moved = `${Buffer.from(`${other.id}:`).toString("base64url")}.${mac}`;
    for (const bad of [moved, token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA"), "nonsense", ""]) {
      const res = await POST(formPost(bad));
      expect(res.status, bad).toBe(400);
      expect(await res.json()).toEqual({ error: "invalid_token" });
    }
    expect(await emailOn(p.id)).toEqual(["news", "offers"]);
    expect(await emailOn(other.id)).toEqual(["news", "offers"]);
    expect(await db.consentEvent.count({ where: { personId: { in: [p.id, other.id] } } })).toBe(0);
  });

  it("a POST without List-Unsubscribe=One-Click is refused and changes nothing", async () => {
    const p = await subscribed();
    const res = await POST(formPost(unsubscribeToken(p.id), "List-Unsubscribe=Maybe"));
    expect(res.status).toBe(400);
    expect(await emailOn(p.id)).toEqual(["news", "offers"]);
  });

  it("the page's own form gets a redirect to the confirmation page", async () => {
    const p = await subscribed();
    const res = await POST(formPost(unsubscribeToken(p.id), "List-Unsubscribe=One-Click&source=page"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/unsubscribe?done=1");
    expect(await emailOn(p.id)).toEqual([]);
  });

  it("a person who no longer exists: nothing to do, still 200", async () => {
    const res = await POST(formPost(unsubscribeToken("00000000-0000-4000-8000-000000000000")));
    expect(res.status).toBe(200);
  });
});

describe("GET /api/unsubscribe", () => {
  it("changes nothing and sends to the page with one button", async () => {
    const p = await subscribed();
    const token = unsubscribeToken(p.id);
    const res = await GET(new Request(`${BASE}?token=${encodeURIComponent(token)}`));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(await emailOn(p.id)).toEqual(["news", "offers"]);
  });

  // Before, a browser got a bare page outside the portal's layout, in the browser's language rather
  // than the portal's. Now it is sent on to the portal's own page, which says the link does not work.
  it("sends a browser with a tampered or missing token on to the portal's page, without the token", async () => {
    for (const url of [`${BASE}?token=abc.def`, BASE]) {
      const res = await GET(new Request(url, { headers: { "accept-language": "en-GB" } }));
      expect(res.status, url).toBe(303);
      expect(res.headers.get("location"), url).toBe("/unsubscribe?link=invalid");
      expect(res.headers.get("cache-control"), url).toBe("no-store");
    }
  });
});

describe("POST /api/unsubscribe from the portal's own page", () => {
  // Its success twin: "the page's own form gets a redirect to the confirmation page" above.
  it("sends the browser to the portal's page when the token is tampered, and changes nothing", async () => {
    const p = await subscribed();
    const token = unsubscribeToken(p.id);
    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    const res = await POST(formPost(tampered, "List-Unsubscribe=One-Click&source=page"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/unsubscribe?link=invalid");
    expect(await emailOn(p.id)).toEqual(["news", "offers"]);
  });
});
