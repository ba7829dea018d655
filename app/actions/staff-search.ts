"use server";

// Staff search by POST: the query (an email, a name, a personnummer) travels in the request body, so
// it never lands in the address bar, the browser history or an access log. The result comes back as
// the form's state, translated here.
import { getTranslations } from "next-intl/server";
import { getActor } from "@/lib/auth/actor";
import { attempt, type Problem } from "@/lib/http/action";
import { searchPeople, type SearchHit } from "@/lib/staff/search";

/** A hit as the use-case found it, with what it matched on translated for the page. */
export type StaffSearchHit = Omit<SearchHit, "matchedBy"> & { matchedBy: string };

export type StaffSearchState = {
  /** What was typed, so the field keeps it. */
  q?: string;
  heading?: string;
  hits?: StaffSearchHit[];
  error?: string;
  at?: number;
};

export async function searchPeopleAction(
  _prev: StaffSearchState,
  formData: FormData,
): Promise<StaffSearchState> {
  const raw = formData.get("q");
  const q = typeof raw === "string" ? raw.slice(0, 500) : "";
  const t = await getTranslations("staffconsole.home");
  const label = (group: "kinds" | "matchedBy", key: string) =>
    t.has(`${group}.${key}`) ? t(`${group}.${key}` as never) : key;
  const r = await attempt("staff-search", async () => searchPeople(await getActor(), q));
  if (!r.ok) {
    const messages: Partial<Record<Problem, string>> = { invalid_input: t("queryInvalid") };
    return { q, error: messages[r.error] ?? t("searchFailed"), at: Date.now() };
  }
  const hits = r.value;
  return {
    q,
    heading: t("results", { count: hits.length }),
    hits: hits.map((h) => ({
      ...h,
      kind: label("kinds", h.kind),
      matchedBy: h.matchedBy.map((m) => label("matchedBy", m)).join(", "),
    })),
    at: Date.now(),
  };
}
