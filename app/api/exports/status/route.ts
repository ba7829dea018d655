// The copy page's progress poll: status and progress of the signed-in person's own latest copy.
import { NextResponse } from "next/server";
import { getActor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { copyProgress } from "@/lib/privacy/copy/status";

export async function GET() {
  try {
    const progress = await copyProgress(await getActor());
    return NextResponse.json(progress, { headers: { "Cache-Control": "no-store, private" } });
  } catch (err) {
    const status = isAppError(err) && err.code === "unauthenticated" ? 401 : isAppError(err) ? 403 : 500;
    return NextResponse.json(null, { status, headers: { "Cache-Control": "no-store" } });
  }
}
