// The demo seed sends one sample newsletter through the staff console's own code, so the demo outbox
// holds a marketing email whose List-Unsubscribe link works. Shares its database with other test
// files (demo.test.ts among them): it changes no demo person's consent, so the one-click POST itself
// is left to send-newsletter.test.ts and e2e/newsletter.spec.ts.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { GET } from "../../app/api/unsubscribe/route";
import { verifyUnsubscribeToken } from "../newsletter/unsubscribe-token";
import { DEMO_PEOPLE, SAMPLE_NEWSLETTER_KEY, seedDemo } from "./demo";

describe("the demo's sample newsletter", () => {
  it("is sent once at seed time to the people whose consent allows it, with a working one-click link", async () => {
    await seedDemo();
    await seedDemo();
    const send = await db.newsletterSend.findUniqueOrThrow({ where: { sendKey: SAMPLE_NEWSLETTER_KEY } });
    expect(send).toMatchObject({ topic: "news", status: "done", sentById: null });
    const people = await db.person.findMany({
      where: { email: { in: DEMO_PEOPLE.map((p) => p.email) } },
      select: { id: true, email: true },
    });
    const emails = await db.emailMessage.findMany({
      where: { kind: "newsletter", personId: { in: people.map((p) => p.id) } },
    });
    expect(emails.length).toBeGreaterThanOrEqual(1);
    // The first seed of a test run may also reach people other test files made with consent, so the
    // send counts at least the demo's own recipients.
    expect(send.sent).toBeGreaterThanOrEqual(emails.length);
    expect(new Set(emails.map((e) => e.personId)).size).toBe(emails.length);
    for (const email of emails) {
      const headers = email.headers as Record<string, string>;
      expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      const url = /^<(.+)>$/.exec(headers["List-Unsubscribe"] ?? "")?.[1];
      expect(url).toBeTruthy();
      const token = new URL(url!).searchParams.get("token");
      expect(verifyUnsubscribeToken(token)).toEqual({ personId: email.personId, topic: "news" });
      // Opening the link lands on the portal's unsubscribe page, with its one button.
      const res = await GET(new Request(url!));
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/unsubscribe?token=${encodeURIComponent(token!)}`);
    }
  });
});
