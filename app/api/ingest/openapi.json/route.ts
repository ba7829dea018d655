// The ingest API's OpenAPI 3.1 description (public: it describes the API, it holds no data).
import { env } from "@/lib/env";
import { ingestOpenApi } from "@/lib/import/openapi";
import { withApiHeaders } from "@/lib/http/security-headers";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return withApiHeaders(
    Response.json(ingestOpenApi(env().PORTAL_URL), {
      headers: { "Cache-Control": "public, max-age=300" },
    }),
  );
}
