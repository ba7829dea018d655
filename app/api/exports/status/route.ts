// The copy page's progress poll: status and progress of the signed-in person's own latest copy.
import { NextResponse } from "next/server";
import { getActor } from "@/lib/auth/actor";
import { handleRoute } from "@/lib/http/route";
import { copyProgress } from "@/lib/privacy/copy/status";

export async function GET() {
  return handleRoute("exports-status", async () => {
    const progress = await copyProgress(await getActor());
    return NextResponse.json(progress, { headers: { "Cache-Control": "no-store, private" } });
  });
}
