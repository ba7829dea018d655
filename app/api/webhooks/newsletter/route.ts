// The newsletter partner reports changes made on its side (its own unsubscribe link, a topic opted out
// of on its preference page). Svix-signed:
// anything without a valid, recent signature is refused (401) before the body is even parsed, and
// nothing is stored. A failure on our side answers 500, so the partner delivers the event again; an
// address that is nobody's (a pattern, a NUL) is acknowledged, so it is not delivered again.
import { systemActor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { applyPartnerEvent } from "@/lib/consent/apply-partner-event";
import { parseWebhook } from "@/lib/newsletter/webhook-event";
import { applyPartnerTopics, linkedTopics } from "@/lib/newsletter/topics";
import { readTopicsEvent } from "@/lib/connectors/newsletter-topics";
import { verifySvix } from "@/lib/newsletter/webhook-signature";
import { readCappedText } from "@/lib/http/read-capped";
import { handleRoute } from "@/lib/http/route";
import { withApiHeaders } from "@/lib/http/security-headers";

export const dynamic = "force-dynamic";

const MAX_BODY = 256 * 1024;

/** Not behind proxy.ts (a signature, not a cookie, authenticates): the route sets its own headers. */
export async function POST(request: Request): Promise<Response> {
  return withApiHeaders(await receive(request));
}

async function receive(request: Request): Promise<Response> {
  const secret = env().NEWSLETTER_WEBHOOK_SECRET;
  if (!secret) return json(503, { error: "not_configured" });
  const body = await readCappedText(request, MAX_BODY);
  if (body === null) return json(413, { error: "too_large" });
  const verified = verifySvix(
    secret,
    {
      id: request.headers.get("svix-id"),
      timestamp: request.headers.get("svix-timestamp"),
      signature: request.headers.get("svix-signature"),
    },
    body,
  );
  if (!verified.ok) return json(401, { error: "invalid_signature" });
  const parsed = parseWebhook(body);
  if (parsed.kind === "invalid") return json(400, { error: "invalid_payload" });
  if (parsed.kind === "topics") {
    return handleRoute("newsletter-webhook", async () => {
      const topics = readTopicsEvent(body, await linkedTopics());
      if (topics.kind === "invalid") return json(400, { error: "invalid_payload" });
      if (topics.kind !== "topics" || topics.choices.length === 0) return json(200, { result: "ignored" });
      const result = await applyPartnerTopics(systemActor("newsletter-webhook"), topics);
      return json(200, { result });
    });
  }
  if (parsed.kind === "ignored") return json(200, { result: "ignored" });
  // A failure answers with its problem (500 for ours), so the partner delivers the event again.
  const event = parsed.event;
  return handleRoute("newsletter-webhook", async () => {
    const result = await applyPartnerEvent(systemActor("newsletter-webhook"), event);
    return json(200, { result });
  });
}

function json(status: number, data: unknown): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store" } });
}
