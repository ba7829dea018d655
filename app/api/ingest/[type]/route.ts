// POST /api/ingest/{type}: records from the company's other systems, authenticated with an API key
// (Authorization: Bearer ppk_...), rate-limited per key, validated and applied per record exactly as
// the import command does. Described by /api/ingest/openapi.json; see docs/import.md.
//   401 no or unknown key · 403 revoked key or no scope for the type · 404 unknown type
//   400 not JSON, not an array or too many records · 413 body too large · 415 not JSON content
//   429 too many requests (Retry-After) · 200 every record accepted · 207 some records rejected
import { can, ingestAction } from "@/lib/auth/policy";
import { authenticateApiKey, scopeFor } from "@/lib/staff/api-keys";
import {
  apiKeyActor,
  ingestRecords,
  MAX_BODY_BYTES,
  MAX_RECORDS,
  REQUESTS_PER_MINUTE,
  ingestAllowance,
} from "@/lib/import/ingest";
import { isRecordType } from "@/lib/import/types";
import { readCappedText } from "@/lib/http/read-capped";
import { withApiHeaders } from "@/lib/http/security-headers";
import { handleRoute, problemResponse } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ type: string }> };

/** Not behind proxy.ts (a key, not a cookie, authenticates): the route sets its own headers. */
export async function POST(request: Request, context: Context): Promise<Response> {
  return withApiHeaders(await ingest(request, context));
}

async function ingest(request: Request, context: Context): Promise<Response> {
  const { type } = await context.params;
  if (!isRecordType(type)) return problem(404, "unknown_type", "No such record type.");

  const auth = await authenticateApiKey(request.headers.get("authorization"));
  if (!auth.ok) {
    const headers: Record<string, string> =
      auth.status === 401 ? { "WWW-Authenticate": 'Bearer realm="ingest"' } : {};
    return problem(auth.status, auth.error, "A valid, unrevoked API key is required.", headers);
  }
  // Asked before the body is read; the use-case's own check is the same policy entry.
  const actor = apiKeyActor(auth.key);
  if (!can(actor, ingestAction(type))) {
    return problem(403, "wrong_scope", `This key may not send ${type} (scope ${scopeFor(type)}).`);
  }

  const now = new Date();
  const limit = await ingestAllowance(auth.key, now);
  if (!limit.allowed) {
    const retryAfter = 60 - now.getUTCSeconds();
    return problem(429, "rate_limited", `At most ${REQUESTS_PER_MINUTE} requests a minute per key.`, {
      "Retry-After": String(retryAfter),
    });
  }

  const contentType = request.headers.get("content-type");
  if (contentType && !/^application\/(json|[\w.+-]+\+json)\b/i.test(contentType)) {
    return problem(415, "unsupported_media_type", "Send application/json.");
  }
  const body = await readCappedText(request, MAX_BODY_BYTES);
  if (body === null) return problem(413, "too_large", `The body may be at most ${MAX_BODY_BYTES} bytes.`);

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return problem(400, "invalid_json", "The body is not valid JSON.");
  }
  if (!Array.isArray(parsed))
    return problem(400, "expected_array", "The body must be a JSON array of records.");
  if (parsed.length > MAX_RECORDS) {
    return problem(400, "too_many_records", `At most ${MAX_RECORDS} records per request.`);
  }

  const records = parsed;
  return handleRoute(
    "ingest",
    async () => {
      const { summary, results } = await ingestRecords(actor, type, records);
      return Response.json(
        { summary, results },
        { status: summary.rejected > 0 ? 207 : 200, headers: { "Cache-Control": "no-store" } },
      );
    },
    {
      // Records are upserted by external id: sending the same request again stores nothing twice.
      failed: () => problem(500, "failed", "The records could not all be processed; send the request again."),
    },
  );
}

function problem(
  status: number,
  error: string,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  return problemResponse(status, error, detail, { headers });
}
