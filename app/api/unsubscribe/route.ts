// One-click unsubscribe (RFC 8058). POST `List-Unsubscribe=One-Click` unsubscribes at once; GET only
// shows a page with one button (mail scanners open links, they do not press buttons). No session and
// no Origin check: the signed token is what authenticates the request. Both are idempotent.
import { systemActor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { translator } from "@/lib/i18n/messages";
import { oneClickUnsubscribe } from "@/lib/consent/one-click-unsubscribe";
import { readOneClickBody, requestLocale } from "@/lib/newsletter/one-click-request";
import { verifyUnsubscribeToken } from "@/lib/newsletter/unsubscribe-token";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const body = await readOneClickBody(request);
  if (!body || !body.oneClick)
    return json(400, { error: "expected_one_click", detail: "List-Unsubscribe=One-Click" });
  if (!body.token || !verifyUnsubscribeToken(body.token)) return answerInvalid(request, body.fromPage);
  try {
    const result = await oneClickUnsubscribe(systemActor("one-click"), body.token);
    if (body.fromPage)
      return new Response(null, { status: 303, headers: { Location: "/unsubscribe?done=1" } });
    return json(200, { unsubscribed: true, changed: result.changed });
  } catch (err) {
    if (isAppError(err) && err.code === "invalid_input") return answerInvalid(request, body.fromPage);
    console.error("[unsubscribe] failed", (err as Error).name);
    return json(500, { error: "failed" });
  }
}

export async function GET(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get("token");
  if (!token || !verifyUnsubscribeToken(token)) return answerInvalid(request, true);
  return new Response(null, {
    status: 303,
    headers: { Location: `/unsubscribe?token=${encodeURIComponent(token)}`, "Cache-Control": "no-store" },
  });
}

function answerInvalid(request: Request, html: boolean): Response {
  if (!html) return json(400, { error: "invalid_token" });
  const locale = requestLocale(request);
  const tr = translator(locale, "unsubscribe");
  const t = (key: string) => tr(key as never);
  const page = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${esc(t("invalidTitle"))}</title></head>
<body><main><h1>${esc(t("invalidTitle"))}</h1><p>${esc(t("invalidBody"))}</p><p><a href="/sign-in">${esc(t("signInToManage"))}</a></p></main></body></html>`;
  return new Response(page, {
    status: 400,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function json(status: number, data: unknown): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store" } });
}

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}
