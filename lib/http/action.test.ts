// The server-action adapter: each error code becomes the state the form shows, with its own message
// in both languages; an unexpected error is logged by kind only and answered as "failed".
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, ERROR_CODES, type ErrorCode } from "../errors";
import { attempt, failureOf, outcomeOf, runForm, runPlainForm } from "./action";
import { z } from "zod";

let locale: "sv" | "en" = "sv";
vi.mock("next-intl/server", async () => {
  const { translator } = await import("../i18n/messages");
  return { getTranslations: async (ns?: string) => translator(locale, ns) };
});

afterEach(() => {
  vi.restoreAllMocks();
  locale = "sv";
});

function errorOf(code: ErrorCode): AppError {
  switch (code) {
    case "invalid_input":
      return new AppError(code, { reason: "reason_required" });
    case "not_allowed_now":
      return new AppError(code, { reason: "open_tasks", openTasks: 2 });
    case "rate_limited":
      return new AppError(code, { retryAfterSeconds: 30 });
    default:
      return new AppError(code);
  }
}

describe("failureOf", () => {
  it("keeps every code, with its typed detail", () => {
    for (const code of ERROR_CODES) expect(failureOf(errorOf(code), "test").error).toBe(code);
    // A form field literally named "reason" stays a field error, not a refusal reason.
    expect(failureOf(errorOf("invalid_input"), "test")).toEqual({
      error: "invalid_input",
      fieldErrors: { reason: "reason_required" },
    });
    expect(failureOf(errorOf("not_allowed_now"), "test")).toEqual({
      error: "not_allowed_now",
      reason: "open_tasks",
    });
    expect(failureOf(errorOf("rate_limited"), "test")).toEqual({
      error: "rate_limited",
      retryAfterSeconds: 30,
    });
  });

  it("answers anything else as failed, logging the kind only", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const secret = new TypeError("anna@example.com 19121212-1212");
    expect(failureOf(secret, "area")).toEqual({ error: "failed" });
    expect(log).toHaveBeenCalledWith("[area] failed", "TypeError");
    expect(JSON.stringify(log.mock.calls)).not.toContain("anna@example.com");
  });

  it("lets Next.js's redirect through", async () => {
    const { redirect } = await import("next/navigation");
    let thrown: unknown;
    try {
      redirect("/somewhere");
    } catch (err) {
      thrown = err;
    }
    expect(() => failureOf(thrown, "area")).toThrow();
  });
});

describe("attempt", () => {
  it("answers the value, or the failure", async () => {
    expect(await attempt("a", async () => 42)).toEqual({ ok: true, value: 42 });
    expect(await attempt("a", async () => Promise.reject(new AppError("not_found")))).toEqual({
      ok: false,
      error: "not_found",
    });
  });

  it("sends step_up_required to the step-up page when the form says where to come back to", async () => {
    const run = attempt("a", async () => Promise.reject(new AppError("step_up_required")), {
      stepUp: "/copy",
    });
    await expect(run).rejects.toMatchObject({ digest: expect.stringContaining("/step-up?next=%2Fcopy") });
  });
});

describe("outcomeOf", () => {
  it("maps success and each problem to the page's word", async () => {
    const words = { expired: "expired", conflict: "taken" } as const;
    const ok = async () => "done";
    expect(await outcomeOf("a", ok, (v) => v, words, "invalid")).toBe("done");
    const fail = (code: ErrorCode) => async () => Promise.reject(errorOf(code));
    expect(await outcomeOf("a", fail("expired"), String, words, "invalid")).toBe("expired");
    expect(await outcomeOf("a", fail("conflict"), String, words, "invalid")).toBe("taken");
    expect(await outcomeOf("a", fail("not_found"), String, words, "invalid")).toBe("invalid");
    expect(await outcomeOf("a", fail("not_found"), String)).toBe("not_found");
  });
});

describe("runPlainForm", () => {
  it("sends the browser back with the problem, never the error page", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const back = () => "/activity";
    await expect(
      runPlainForm("a", back, async () => Promise.reject(new AppError("forbidden"))),
    ).rejects.toMatchObject({
      digest: expect.stringContaining("/activity?problem=forbidden"),
    });
    await expect(runPlainForm("a", back, async () => Promise.reject(new Error("x")))).rejects.toMatchObject({
      digest: expect.stringContaining("/activity?problem=failed"),
    });
    await expect(runPlainForm("a", back, async () => undefined)).resolves.toBeUndefined();
  });
});

describe("runForm", () => {
  const schema = z.object({ note: z.string().min(1, "note_required") });
  const form = (note: string) => {
    const f = new FormData();
    f.set("note", note);
    return f;
  };

  it("translates field errors and the summary", async () => {
    const state = await runForm(form(""), schema, async () => "saved");
    expect(state.problem).toBe("invalid_input");
    expect(state.fieldErrors?.note).toBe("Skriv en anteckning.");
    expect(state.values).toEqual({ note: "" });
  });

  it("gives every code its own message, in Swedish and in English", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    for (const l of ["sv", "en"] as const) {
      locale = l;
      const seen = new Map<string, string>();
      for (const code of [...ERROR_CODES, "failed"] as const) {
        const state = await runForm(form("x"), schema, async () => {
          throw code === "failed" ? new Error("boom") : errorOf(code);
        });
        expect(state.problem, code).toBe(code);
        expect(state.error, code).toBeTruthy();
        expect(state.error, code).not.toMatch(/^[a-z_.]+$/);
        seen.set(code, state.error!);
      }
      for (const code of ["rate_limited", "step_up_required", "not_found", "forbidden"]) {
        expect(seen.get(code), code).not.toBe(seen.get("failed"));
      }
      // A refusal's reason has its own text where the namespace has one.
      expect(seen.get("not_allowed_now")).not.toBe(seen.get("failed"));
    }
  });

  it("answers success with the translated message", async () => {
    const state = await runForm(form("x"), schema, async () => "noteAdded");
    expect(state.ok).toBeTruthy();
    expect(state.error).toBeUndefined();
  });
});
