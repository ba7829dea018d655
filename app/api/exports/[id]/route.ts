// Download of a copy. Thin: parse the link, get the actor from the session, call the use-case, map the
// answer to HTTP. A forged, expired or someone else's link gets 404 and nothing is served; impersonating
// staff get 403; a sign-in that is not recent enough goes to step-up first.
import { Readable } from "node:stream";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
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
  if (!parsed.success) return refused(404);
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/sign-in?next=%2Fcopy", env().PORTAL_URL), 303);
  try {
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
  } catch (err) {
    if (isAppError(err)) {
      if (err.code === "step_up_required") {
        return NextResponse.redirect(new URL("/step-up?next=%2Fcopy", env().PORTAL_URL), 303);
      }
      if (err.code === "unauthenticated") {
        return NextResponse.redirect(new URL("/sign-in?next=%2Fcopy", env().PORTAL_URL), 303);
      }
      if (err.code === "forbidden") return refused(403);
      return refused(404);
    }
    console.error("[exports] download failed", (err as Error)?.name ?? "error");
    return new Response("Something went wrong.", { status: 500, headers: { "Cache-Control": "no-store" } });
  }
}

function refused(status: 403 | 404): Response {
  return new Response(status === 403 ? "Not allowed." : "Not found.", {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
