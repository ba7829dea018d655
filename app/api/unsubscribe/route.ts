// One-click unsubscribe (RFC 8058). POST `List-Unsubscribe=One-Click` unsubscribes at once; GET only
// shows a page with one button (mail scanners open links, they do not press buttons). No session and
// no Origin check: the signed token is what authenticates the request. Both are idempotent.
// A browser (a GET, or the portal page's own form) is always sent on to the portal's unsubscribe page,
// which has the portal's layout and language, also when the link does not work; a mail provider's
// POST gets JSON.
import { systemActor } from "@/lib/auth/actor";
import { handleRoute } from "@/lib/http/route";
import { oneClickUnsubscribe } from "@/lib/consent/one-click-unsubscribe";
import { readOneClickBody } from "@/lib/newsletter/one-click-request";
import { verifyUnsubscribeToken } from "@/lib/newsletter/unsubscribe-token";
import { withApiHeaders } from "@/lib/http/security-headers";

export const dynamic = "force-dynamic";

// Not behind proxy.ts (the token authenticates, and a proxy that buffers the body would log the
// URL, token and all, of a too large one): the route sets its own headers.
export async function POST(request: Request): Promise<Response> {
  return withApiHeaders(await unsubscribe(request));
}

export async function GET(request: Request): Promise<Response> {
  return withApiHeaders(show(request));
}

async function unsubscribe(request: Request): Promise<Response> {
  const body = await readOneClickBody(request);
  if (!body || !body.oneClick)
    return json(400, { error: "expected_one_click", detail: "List-Unsubscribe=One-Click" });
  if (!body.token || !verifyUnsubscribeToken(body.token)) return answerInvalid(body.fromPage);
  const { token, fromPage } = body;
  return handleRoute(
    "unsubscribe",
    async () => {
      const result = await oneClickUnsubscribe(systemActor("one-click"), token);
      if (fromPage) return new Response(null, { status: 303, headers: { Location: "/unsubscribe?done=1" } });
      return json(200, { unsubscribed: true, changed: result.changed });
    },
    { invalid_input: () => answerInvalid(fromPage) },
  );
}

function show(request: Request): Response {
  const token = new URL(request.url).searchParams.get("token");
  if (!token || !verifyUnsubscribeToken(token)) return answerInvalid(true);
  return new Response(null, {
    status: 303,
    headers: { Location: `/unsubscribe?token=${encodeURIComponent(token)}`, "Cache-Control": "no-store" },
  });
}

/** Where a browser learns that the link does not work: a portal page, never a bare one. */
const INVALID_LINK_PAGE = "/unsubscribe?link=invalid";

function answerInvalid(browser: boolean): Response {
  if (!browser) return json(400, { error: "invalid_token" });
  return new Response(null, {
    status: 303,
    headers: { Location: INVALID_LINK_PAGE, "Cache-Control": "no-store" },
  });
}

function json(status: number, data: unknown): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store" } });
}
