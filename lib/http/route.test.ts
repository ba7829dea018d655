// The route adapter: each error code becomes a problem response with its status.
import { describe, expect, it, vi } from "vitest";
import { AppError, ERROR_CODES, type ErrorCode } from "../errors";
import { handleRoute, STATUS_OF } from "./route";

const EXPECTED: Record<ErrorCode, number> = {
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
};

function fail(err: unknown) {
  return async (): Promise<Response> => {
    throw err;
  };
}

describe("handleRoute", () => {
  it("answers each code with its status as application/problem+json", async () => {
    for (const code of ERROR_CODES) {
      const err =
        code === "not_allowed_now"
          ? new AppError(code, { reason: "status" })
          : new AppError(code as "not_found");
      const res = await handleRoute("test", fail(err));
      expect(res.status, code).toBe(EXPECTED[code]);
      expect(STATUS_OF[code]).toBe(EXPECTED[code]);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = await res.json();
      expect(body).toMatchObject({ status: EXPECTED[code], code, error: code });
      expect(typeof body.title).toBe("string");
      // Short: a refusal tells nothing about what exists.
      expect(JSON.stringify(body).length, code).toBeLessThan(code === "not_found" ? 100 : 130);
    }
  });

  it("sends Retry-After when known, field errors for invalid input, the reason for a refusal", async () => {
    const limited = await handleRoute("t", fail(new AppError("rate_limited", { retryAfterSeconds: 12.2 })));
    expect(limited.headers.get("retry-after")).toBe("13");
    expect(
      (await handleRoute("t", fail(new AppError("rate_limited")))).headers.get("retry-after"),
    ).toBeNull();
    const invalid = await handleRoute("t", fail(new AppError("invalid_input", { email: "email_invalid" })));
    expect(await invalid.json()).toMatchObject({ errors: { email: "email_invalid" } });
    const refused = await handleRoute("t", fail(new AppError("not_allowed_now", { reason: "status" })));
    expect(await refused.json()).toMatchObject({ code: "not_allowed_now", detail: "status" });
    const stepUp = await handleRoute("t", fail(new AppError("step_up_required")));
    expect(await stepUp.json()).toMatchObject({ status: 403, code: "step_up_required" });
  });

  it("answers an unexpected error 500 without its message, and lets a route answer a code its own way", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await handleRoute("t", fail(new Error("anna@example.com")));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("anna@example.com");
    expect(log).toHaveBeenCalledWith("[t] failed", "Error");
    const own = await handleRoute("t", fail(new AppError("invalid_input")), {
      invalid_input: () => new Response(null, { status: 303, headers: { Location: "/x" } }),
    });
    expect(own.status).toBe(303);
    log.mockRestore();
  });
});
