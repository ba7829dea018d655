// Download of a copy. Thin: parse the link, get the actor from the session, call the use-case, map the
// answer to HTTP. A forged, expired or someone else's link gets 404 and nothing is served; impersonating
// staff get 403; a sign-in that is not recent enough goes to step-up first.
import { Readable } from "node:stream";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { handleRoute, problemResponse } from "@/lib/http/route";
import { openCopyDownload } from "@/lib/privacy/copy/download";

const linkInput = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  exp: z.string().regex(/^\d{1,12}$/),
  sig: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const parsed = linkInput.safeParse({
    id,
    exp: request.nextUrl.searchParams.get("exp"),
    sig: request.nextUrl.searchParams.get("sig"),
  });
  if (!parsed.success) return notFound();
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/sign-in?next=%2Fcopy", env().PORTAL_URL), 303);
  const toSignIn = () => NextResponse.redirect(new URL("/sign-in?next=%2Fcopy", env().PORTAL_URL), 303);
  return handleRoute(
    "exports",
    async () => {
      const download = await openCopyDownload(actor, {
        copyId: parsed.data.id,
        exp: parsed.data.exp,
        sig: parsed.data.sig,
      });
      return new Response(Readable.toWeb(download.stream) as ReadableStream<Uint8Array>, {
        headers: {
          "Content-Type": "application/zip",
          "Content-Length": String(download.size),
          "Content-Disposition": `attachment; filename="${download.filename}"`,
          "Cache-Control": "no-store, private",
          "X-Content-Type-Options": "nosniff",
        },
      });
    },
    {
      step_up_required: () => NextResponse.redirect(new URL("/step-up?next=%2Fcopy", env().PORTAL_URL), 303),
      unauthenticated: toSignIn,
      // An expired or forged link says no more than an unknown one.
      expired: notFound,
      invalid_input: notFound,
    },
  );
}

function notFound(): Response {
  return problemResponse(404, "not_found", "Not found.");
}
