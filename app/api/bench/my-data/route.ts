import { NextResponse } from "next/server";
import { getActor } from "@/lib/auth/actor";
import { viewMyData } from "@/lib/privacy/my-data";

// The load benchmark's baseline: the same use-case (and so the same database queries) as the
// "my data" page, answered as JSON without rendering. Exists only when PORTAL_BENCH=1.
export async function GET() {
  if (process.env.PORTAL_BENCH !== "1") return new NextResponse(null, { status: 404 });
  const actor = await getActor();
  if (actor?.kind !== "person") return new NextResponse(null, { status: 401 });
  const view = await viewMyData(actor, {}, "sv");
  return NextResponse.json(view, { headers: { "cache-control": "no-store" } });
}
