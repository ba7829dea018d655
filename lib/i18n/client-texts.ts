// Client components get no translator and no messages: the page (a server component) formats what they
// show and hands it over as plain strings, so no message-formatting code is sent to the browser
// (docs/decisions/0012-client-javascript-budget.md).
import { getTranslations } from "next-intl/server";

export type ServerTranslator = {
  (key: string, values?: Record<string, string | number | Date>): string;
  has(key: string): boolean;
  raw(key: string): unknown;
};

/** The request's translator for a namespace, keyed by plain strings (for building texts from codes). */
export async function serverTranslator(namespace: string): Promise<ServerTranslator> {
  return (await getTranslations(namespace as never)) as unknown as ServerTranslator;
}

/**
 * Every message directly under `key` (e.g. "errors"), each formatted on the server: a client component
 * then shows the text for whatever code an action answers with.
 */
export function textsUnder(t: ServerTranslator, key: string): Record<string, string> {
  const raw = t.raw(key);
  if (!raw || typeof raw !== "object") return {};
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>)
      .filter(([, v]) => typeof v === "string")
      .map(([k]) => [k, t(`${key}.${k}`)]),
  );
}

/**
 * A message formatted on the server with a `{name}` mark left in it for a value only the browser will
 * know (a date the action answers with, the progress of a build); `fill` puts the value in.
 */
export function withSlots(t: ServerTranslator, key: string, names: readonly string[]): string {
  return t(key, Object.fromEntries(names.map((n) => [n, `{${n}}`])));
}

/**
 * A text per error code a form can be answered with: the namespace's own `errors` first, the shared
 * `common.problems` for every other code, so each code (rate_limited, not_found, ...) has its own text.
 */
export async function errorTexts(t: ServerTranslator, key = "errors"): Promise<Record<string, string>> {
  const common = await serverTranslator("common");
  return { ...textsUnder(common, "problems"), ...textsUnder(t, key) };
}
