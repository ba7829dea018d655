// The ingest API's OpenAPI 3.1 description (public: it describes the API, it holds no data).
import { env } from "@/lib/env";
import { ingestOpenApi } from "@/lib/import/openapi";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return Response.json(ingestOpenApi(env().PORTAL_URL), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
}
