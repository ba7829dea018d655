// The one adapter between server actions and use-cases: runs the work, and maps whatever it throws to
// what the form shows. An AppError becomes its code (field errors for invalid_input, the refusal reason
// for not_allowed_now); anything else is logged by kind only (never a message, input or stack: they can
// hold personal data) and answered as "failed". Next.js's own redirect/notFound pass through. No action
// tests error codes itself (test/error-mapping.test.ts); see docs/decisions/0028-errors-adapters-form-kit.md.
import { redirect, unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { ERROR_CODES, isAppError, type ErrorCode, type FieldErrors } from "../errors";
import { serverTranslator, type ServerTranslator } from "../i18n/client-texts";

/** What a form is answered with when the work did not succeed: an error code, or "failed". */
export type Problem = ErrorCode | "failed";

export type Failure = {
  error: Problem;
  /** invalid_input: field name → error code. */
  fieldErrors?: FieldErrors;
  /** not_allowed_now / copy_in_progress: why (a message key). */
  reason?: string;
  /** rate_limited: seconds until a new try can succeed, when known. */
  retryAfterSeconds?: number;
};

export type Attempt<R> = ({ ok: true; value: R } & { error?: undefined }) | ({ ok: false } & Failure);

/** The failure a thrown value stands for. Rethrows Next.js's control flow (redirect, notFound). */
export function failureOf(err: unknown, area: string): Failure {
  unstable_rethrow(err);
  if (!isAppError(err)) {
    console.error(`[${area}] failed`, (err as Error | undefined)?.name ?? "error");
    return { error: "failed" };
  }
  switch (err.code) {
    case "invalid_input":
      return { error: err.code, fieldErrors: { ...err.detail } };
    case "not_allowed_now":
      return { error: err.code, reason: err.detail.reason };
    case "copy_in_progress":
      return err.detail ? { error: err.code, reason: err.detail.reason } : { error: err.code };
    case "rate_limited":
      return err.detail?.retryAfterSeconds !== undefined
        ? { error: err.code, retryAfterSeconds: err.detail.retryAfterSeconds }
        : { error: err.code };
    default:
      return { error: err.code };
  }
}

/**
 * Runs the work and answers with its value or the failure. `stepUp`: where to come back to after a
 * fresh sign-in; a step_up_required refusal then sends the browser to the step-up page.
 */
export async function attempt<R>(
  area: string,
  work: () => Promise<R>,
  opts: { stepUp?: string } = {},
): Promise<Attempt<R>> {
  let failure: Failure;
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    failure = failureOf(err, area);
  }
  if (failure.error === "step_up_required" && opts.stepUp) redirect(stepUpPath(opts.stepUp));
  return { ok: false, ...failure };
}

export function stepUpPath(back: string): string {
  return `/step-up?next=${encodeURIComponent(back)}`;
}

/**
 * For a link's confirmation button (an action that answers with a page): the outcome word the page
 * shows, for success or for each problem. Problems not in `words` get `otherwise` when given, their
 * own code otherwise; "failed" stays "failed".
 */
export async function outcomeOf<R>(
  area: string,
  work: () => Promise<R>,
  ok: (value: R) => string,
  words: Partial<Record<Problem, string>> = {},
  otherwise?: string,
): Promise<string> {
  const r = await attempt(area, work);
  if (r.ok) return ok(r.value);
  return words[r.error] ?? (r.error === "failed" || otherwise === undefined ? r.error : otherwise);
}

// ---------------------------------------------------------------- forms that answer with a page

export const PROBLEM_PARAM = "problem";

/**
 * For a plain <form action={…}> without state: a problem sends the browser back to `back(problem)`
 * with `?problem=<code>`, which components/forms/action-problem.tsx shows. Never the error page.
 */
export async function runPlainForm(
  area: string,
  back: (problem: Problem) => string,
  work: () => Promise<void>,
): Promise<void> {
  const r = await attempt(area, work);
  if (r.ok) return;
  const target = back(r.error);
  redirect(`${target}${target.includes("?") ? "&" : "?"}${PROBLEM_PARAM}=${r.error}`);
}

// ---------------------------------------------------------------- forms of the form kit

/** The state of a form of the kit (components/forms): every text already translated on the server. */
export type FormState = {
  ok?: string;
  /** What went wrong, as a message; `problem` is its code. */
  error?: string;
  problem?: Problem;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** Changes on every answer (the form remounts with the echoed values). */
  at?: number;
  /**
   * A full page load to make after success: when the acting identity changed (impersonation started or
   * stopped), a server-side redirect would render the next page with the identity cached for the request.
   */
  redirectTo?: string;
};

/** The form's text fields; a name given several times (a group of checkboxes) comma-separated. */
export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = k in out ? `${out[k]},${v}` : v;
  }
  return out;
}

/** Field name → error code, from a zod error: the first issue per field. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "_form");
    out[key] ??= issue.message;
  }
  return out;
}

export type FormOptions = {
  area?: string;
  /** Echo the values after success too (a form that stays filled in, such as settings). */
  keepValues?: boolean;
  /** The namespace with `errors.<code>` and `ok.<key>` messages; "staffconsole" unless given. */
  messages?: string;
  /** Where to come back to after a fresh sign-in (step_up_required). */
  stepUp?: string;
};

/**
 * Parses the form with `schema` (field errors), then runs the work, whose answer is the key of the
 * success message under `<messages>.ok`. Values are echoed back when something failed.
 */
export async function runForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  run: (data: z.output<S>, values: Record<string, string>) => Promise<string>,
  opts: FormOptions = {},
): Promise<FormState> {
  const values = formValues(formData);
  const parsed = schema.safeParse(values);
  const texts = await formTexts(opts.messages);
  if (!parsed.success) {
    return texts.stateOf({ error: "invalid_input", fieldErrors: zodFieldErrors(parsed.error) }, values);
  }
  const r = await attempt(opts.area ?? "form", () => run(parsed.data, values), opts);
  if (!r.ok) return texts.stateOf(r, values);
  return { ok: texts.ok(r.value), values: opts.keepValues ? values : undefined, at: Date.now() };
}

/** The translated answer for a failure, for an action that builds its own success state. */
export async function failureState(
  failure: Failure,
  values: Record<string, string>,
  messages?: string,
): Promise<FormState> {
  return (await formTexts(messages)).stateOf(failure, values);
}

/**
 * Texts for a failure, from `<messages>.errors` first and the shared `common.problems` after, so every
 * code has its own message in every language: a field's code beside the field, a refusal's reason or
 * else the code's message, "check the fields" for invalid input.
 */
async function formTexts(messages = "staffconsole") {
  const t = await serverTranslator(messages);
  const common = await serverTranslator("common");
  const problem = (code: Problem): string =>
    has(t, `errors.${code}`) ? t(`errors.${code}`) : common(`problems.${code}`);
  const field = (code: string): string =>
    has(t, `errors.${code}`)
      ? t(`errors.${code}`)
      : has(t, "errors.invalid")
        ? t("errors.invalid")
        : problem("invalid_input");
  return {
    ok: (key: string) => (has(t, `ok.${key}`) ? t(`ok.${key}`) : has(t, "ok.saved") ? t("ok.saved") : key),
    stateOf(f: Failure, values: Record<string, string>): FormState {
      const at = Date.now();
      if (f.error === "invalid_input" && f.fieldErrors && Object.keys(f.fieldErrors).length > 0) {
        const fieldErrors = Object.fromEntries(Object.entries(f.fieldErrors).map(([k, c]) => [k, field(c)]));
        const summary = has(t, "errors.checkFields") ? t("errors.checkFields") : problem("invalid_input");
        return { problem: f.error, error: summary, fieldErrors, values, at };
      }
      const error = f.reason && has(t, `errors.${f.reason}`) ? t(`errors.${f.reason}`) : problem(f.error);
      return { problem: f.error, error, values, at };
    },
  };
}

function has(t: ServerTranslator, key: string): boolean {
  return t.has(key);
}

/** Every code an action can be answered with (for tests and pages that list texts per code). */
export const PROBLEMS: readonly Problem[] = [...ERROR_CODES, "failed"];
