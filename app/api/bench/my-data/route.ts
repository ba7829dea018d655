import { NextResponse, type NextRequest } from "next/server";
import { getActor } from "@/lib/auth/actor";
import { handleRoute } from "@/lib/http/route";
import { viewMyData } from "@/lib/privacy/my-data";

// The load benchmark's baseline: the same use-case (and so the same database queries) as the
// "my data" page, answered as JSON without rendering: the overview, or with `?category=` (and
// `&page=`) one category's page, read as the page reads them. Exists only when PORTAL_BENCH=1.
export async function GET(request: NextRequest) {
  if (process.env.PORTAL_BENCH !== "1") return new NextResponse(null, { status: 404 });
  const actor = await getActor();
  if (actor?.kind !== "person") return new NextResponse(null, { status: 401 });
  const category = request.nextUrl.searchParams.get("category");
  const rawPage = request.nextUrl.searchParams.get("page");
  const page = rawPage && /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : 1;
  return handleRoute("bench", async () => {
    const view = await viewMyData(actor, { category, page }, "sv");
    return NextResponse.json(view, { headers: { "cache-control": "no-store" } });
  });
}
