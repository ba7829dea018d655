// Messages live in messages/<locale>/<namespace>.json, one file per area of the portal.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import type { Locale } from "./config";

type Messages = Record<string, Record<string, unknown>>;
const cache = new Map<Locale, Messages>();

export function loadMessages(locale: Locale): Messages {
  const hit = cache.get(locale);
  if (hit && process.env.NODE_ENV === "production") return hit;
  const dir = path.join(process.cwd(), "messages", locale);
  const messages: Messages = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    messages[file.replace(/\.json$/, "")] = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  }
  cache.set(locale, messages);
  return messages;
}

export type LooseTranslator = {
  (key: string, values?: Record<string, string | number | Date>): string;
  has(key: string): boolean;
  raw(key: string): unknown;
};

/** A translator outside React (emails, jobs, route handlers), keyed by plain strings. */
export function translator(locale: Locale, namespace?: string): LooseTranslator {
  const t = createTranslator({
    locale,
    messages: loadMessages(locale),
    namespace: namespace as never,
  }) as unknown as {
    (key: string, values?: Record<string, unknown>): string;
    has(key: string): boolean;
    raw(key: string): unknown;
  };
  const fn = ((key: string, values?: Record<string, string | number | Date>) =>
    t(key, values)) as LooseTranslator;
  fn.has = (key: string) => t.has(key);
  fn.raw = (key: string) => t.raw(key);
  return fn;
}
