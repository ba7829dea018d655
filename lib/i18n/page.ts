// What every page shares: its title from the messages, and its query string read safely.
import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";

/** `export const generateMetadata = pageTitle("copy")`: the page's title, in the person's language. */
export function pageTitle(namespace: string, key = "title"): () => Promise<Metadata> {
  return async () => {
    const t = (await getTranslations(namespace as never)) as unknown as (key: string) => string;
    return { title: t(key) };
  };
}

export type SearchParams = Record<string, string | string[] | undefined>;

/** The props of a page that reads its query string. */
export type WithSearchParams = { searchParams: Promise<SearchParams> };

/** One query parameter as text: "" when it is missing or given more than once. */
export function param(query: SearchParams, key: string): string {
  const value = query[key];
  return typeof value === "string" ? value : "";
}
