// The one adapter between route handlers and use-cases: an AppError becomes an RFC 9457 problem
// response (application/problem+json) with the status its code stands for; anything else is logged by
// kind only and answered 500. A route may answer some codes its own way (a browser sent to a page
// instead of a JSON body) through `on`, a table by code, never by testing codes itself
// (test/error-mapping.test.ts; docs/decisions/0028-errors-adapters-form-kit.md).
import { unstable_rethrow } from "next/navigation";
import type { ErrorCode } from "../errors";
import { failureOf, type Failure, type Problem } from "./action";

/** The HTTP status of each code. */
export const STATUS_OF: Record<Problem, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 422,
  step_up_required: 403,
  rate_limited: 429,
  conflict: 409,
  free_copy_used: 409,
  copy_in_progress: 409,
  expired: 410,
  not_allowed_now: 409,
  failed: 500,
};

const TITLE_OF: Record<Problem, string> = {
  unauthenticated: "Sign-in required.",
  forbidden: "Not allowed.",
  not_found: "Not found.",
  invalid_input: "The request is not valid.",
  step_up_required: "A recent sign-in is required.",
  rate_limited: "Too many requests.",
  conflict: "Changed at the same time; try again.",
  free_copy_used: "The free copy is used.",
  copy_in_progress: "A copy is already being made.",
  expired: "Expired.",
  not_allowed_now: "Not possible now.",
  failed: "Something went wrong.",
};

/**
 * A problem response. `error` repeats the code (the name the ingest API has always used; its OpenAPI
 * document requires `error` and `detail`, and its answers always have a detail of their own); `errors`
 * lists field errors for invalid input.
 */
export function problemResponse(
  status: number,
  code: string,
  detail: string,
  extra: { errors?: Record<string, string>; headers?: Record<string, string> } = {},
): Response {
  // `type` is left out: absent, it means "about:blank" (RFC 9457 §4.2.1); `detail` only when it says more
  // than the title. A refusal stays short: it tells nothing about what exists.
  const title = TITLE_OF[code as Problem] ?? detail;
  const body: Record<string, unknown> = { title, status, code, error: code };
  if (detail !== TITLE_OF[code as Problem]) body.detail = detail;
  if (extra.errors) body.errors = extra.errors;
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/problem+json",
      "Cache-Control": "no-store",
      ...extra.headers,
    },
  });
}

/** The problem response for a failure: status by code, Retry-After when known, field errors. */
export function failureResponse(f: Failure): Response {
  const status = STATUS_OF[f.error];
  const headers: Record<string, string> = {};
  if (f.error === "rate_limited" && f.retryAfterSeconds !== undefined) {
    headers["Retry-After"] = String(Math.max(0, Math.ceil(f.retryAfterSeconds)));
  }
  const detail = f.reason ?? TITLE_OF[f.error];
  return problemResponse(status, f.error, detail, {
    errors: f.fieldErrors,
    headers,
  });
}

export type RouteOverrides = Partial<Record<ErrorCode | "failed", (f: Failure) => Response>>;

/**
 * Runs a route's work; a thrown error is answered by `on[code]` when the route gives one, by the
 * problem response for its code otherwise.
 */
export async function handleRoute(
  area: string,
  work: () => Promise<Response>,
  on: RouteOverrides = {},
): Promise<Response> {
  try {
    return await work();
  } catch (err) {
    unstable_rethrow(err);
    const f = failureOf(err, area);
    return (on[f.error] ?? failureResponse)(f);
  }
}
