// Auth.js's endpoints, with two of its steps answered by the portal instead:
// - asking for a link (POST /api/auth/signin/…) goes through the portal's one request-link use-case,
//   which validates the address, applies the rate limits and answers alike for known and unknown
//   addresses;
// - using a link (…/callback/…) signs in only on a same-origin POST from the confirm page. A GET,
//   with any query, shows the confirm page and uses nothing up, so another site cannot sign a
//   browser in as someone else (login CSRF). Auth.js's callback itself reads the token from the
//   query of a GET, so the checked POST is handed to it as one.
// docs/decisions/0016-sign-in-rate-limits-and-link-callback.md
import { NextRequest, NextResponse } from "next/server";
import { PROBLEMS } from "@/lib/http/action";
import { handleRoute } from "@/lib/http/route";
import { handlers, CHECK_EMAIL_PATH, RATE_LIMITED_PATH } from "@/lib/auth/auth";
import { linkRequestFrom } from "@/lib/auth/link-request-context";
import { requestSignInLink } from "@/lib/auth/request-link";
import { isSameOriginPost } from "@/lib/auth/same-origin-post";

const SIGN_IN = /^\/api\/auth\/signin(\/|$)/;
const CALLBACK = /^\/api\/auth\/callback(\/|$)/;
const LINK_FIELDS = ["token", "email", "callbackUrl"] as const;

export async function GET(request: NextRequest): Promise<Response> {
  if (CALLBACK.test(request.nextUrl.pathname)) {
    const confirm = new URL("/sign-in/confirm", request.nextUrl);
    for (const k of LINK_FIELDS) {
      const v = request.nextUrl.searchParams.get(k);
      if (v) confirm.searchParams.set(k, v);
    }
    return NextResponse.redirect(confirm, 303);
  }
  return handlers.GET(request);
}

export async function POST(request: NextRequest): Promise<Response> {
  const path = request.nextUrl.pathname;
  if (SIGN_IN.test(path)) return requestLink(request);
  if (CALLBACK.test(path)) return completeLinkSignIn(request);
  return handlers.POST(request);
}

async function requestLink(request: NextRequest): Promise<Response> {
  if (!isSameOriginPost(request.headers)) return refused(request);
  const form = await formOf(request);
  // A browser's form post: any failure lands on the sign-in error page, never a bare problem body.
  const toErrorPage = () =>
    NextResponse.redirect(new URL("/sign-in/error?error=Configuration", request.nextUrl), 303);
  return handleRoute(
    "sign-in",
    async () => {
      const result = await requestSignInLink(
        { email: form.get("email") ?? "", next: form.get("callbackUrl") ?? undefined },
        linkRequestFrom(request.headers),
      );
      const to =
        result.outcome === "limited"
          ? RATE_LIMITED_PATH
          : result.outcome === "invalid"
            ? `/sign-in?error=${result.error}`
            : CHECK_EMAIL_PATH;
      return NextResponse.redirect(new URL(to, request.nextUrl), 303);
    },
    Object.fromEntries(PROBLEMS.map((p) => [p, toErrorPage])),
  );
}

async function completeLinkSignIn(request: NextRequest): Promise<Response> {
  if (!isSameOriginPost(request.headers)) return refused(request);
  const form = await formOf(request);
  const url = new URL("/api/auth/callback/email", request.nextUrl);
  for (const k of LINK_FIELDS) {
    const v = form.get(k);
    if (typeof v === "string" && v) url.searchParams.set(k, v);
  }
  const headers = new Headers(request.headers);
  for (const h of ["content-type", "content-length", "transfer-encoding"]) headers.delete(h);
  return handlers.GET(new NextRequest(url, { method: "GET", headers }));
}

/** A sign-in step sent from another site: nothing is done, and the person sees why. */
function refused(request: NextRequest): Response {
  return NextResponse.redirect(new URL("/sign-in/error?error=CrossSite", request.nextUrl), 303);
}

async function formOf(request: NextRequest): Promise<Map<string, string>> {
  const fields = new Map<string, string>();
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return fields;
  try {
    for (const [k, v] of await request.formData()) if (typeof v === "string") fields.set(k, v);
  } catch {
    // An unreadable body is an empty form: the use-case answers it as a missing address.
  }
  return fields;
}
