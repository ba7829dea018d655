// The typed answer of the staff console's server actions (and the person-side forms they share), with
// messages translated on the server: a field's error next to the field, an expected error (AppError
// code) as a message, anything else a generic message (logged by kind only, never with input).
import { getTranslations } from "next-intl/server";
import type { z } from "zod";
import { isAppError } from "../errors";
import { fieldErrors } from "./validation";

export type FormState = {
  ok?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** Changes on every answer. */
  at?: number;
  /**
   * A full page load to make after success: when the acting identity changed (impersonation started or
   * stopped), a server-side redirect would render the next page with the identity cached for the request.
   */
  redirectTo?: string;
};

export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  }
  return out;
}

/**
 * Parses the form with `schema` (field errors), then runs the use-case. `run` returns the key of the
 * success message under staffconsole.ok. Values are echoed back only when something failed.
 */
export async function runForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  run: (data: z.output<S>, values: Record<string, string>) => Promise<string>,
  opts: { area?: string; keepValues?: boolean } = {},
): Promise<FormState> {
  const t = await getTranslations("staffconsole");
  const values = formValues(formData);
  const msg = (key: string, fallback: string) => (t.has(key) ? t(key) : t(fallback));
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const errors = Object.fromEntries(
      Object.entries(fieldErrors(parsed.error)).map(([k, code]) => [
        k,
        msg(`errors.${code}`, "errors.invalid"),
      ]),
    );
    return { fieldErrors: errors, error: t("errors.checkFields"), values, at: Date.now() };
  }
  try {
    const okKey = await run(parsed.data, values);
    return {
      ok: msg(`ok.${okKey}`, "ok.saved"),
      values: opts.keepValues ? values : undefined,
      at: Date.now(),
    };
  } catch (err) {
    if (isAppError(err)) {
      const reason = typeof err.detail?.reason === "string" ? err.detail.reason : null;
      const key = reason && t.has(`errors.${reason}`) ? `errors.${reason}` : `errors.${err.code}`;
      return { error: msg(key, "errors.failed"), values, at: Date.now() };
    }
    console.error(`[${opts.area ?? "staff"}] action failed`, (err as Error)?.name ?? "error");
    return { error: t("errors.failed"), values, at: Date.now() };
  }
}
