// The "my data" page. The overview is a summary a person can take in: per category with data, how
// many records there are, the latest one's date and where they are held; categories with nothing held
// as one list. A category's own page shows its records (identity numbers masked), paged, with the
// Art. 15 facts from the same data map. Viewing is audited; when
// staff view it while impersonating, the person also sees it in their activity log, with the reason.
import { defineUseCase, SUBJECT } from "@/lib/kernel/use-case";
import { audit, auditAlone } from "../audit/append";
import { personFeeds } from "../connectors/portal-db";
import { readWindows } from "../connectors/feeds";
import type { Row, SectionSpec } from "../connectors/types";
import { loadDataMap, type MapCategory } from "../datamap/read";
import { db } from "../db";
import { AppError } from "../errors";
import type { Locale } from "../i18n/config";
import { project } from "./copy/formats";

/** Records per page when one category is paged through. The overview reads each feed's newest. */
export const PAGE = 50;

export type SectionView = {
  spec: SectionSpec;
  total: number;
  rows: Row[];
  page: number;
  pages: number;
};

export type CategoryView = {
  category: MapCategory;
  sections: SectionView[];
  empty: boolean;
  /** Records in the category, over all its sections. */
  total: number;
  /** The newest record's date (ISO 8601), when its records are dated. */
  latest: string | null;
  /** Where its records are held (connector or recipient keys). */
  heldBy: string[];
};

export type MyDataView = {
  categories: CategoryView[];
  /** The category being paged through, or null on the overview. */
  focus: string | null;
  page: number;
};

export const viewMyData = defineUseCase(
  "data.my_data",
  { action: "data.view", callers: SUBJECT },
  async (
    actor,
    input: { category?: string | null; page?: number | null },
    locale: Locale,
  ): Promise<MyDataView> => {
    const [map, feeds] = await Promise.all([
      loadDataMap(locale),
      personFeeds(actor.personId, { purpose: "view" }),
    ]);
    if (!feeds) throw new AppError("not_found");
    const focus = input.category && map.some((c) => c.key === input.category) ? input.category : null;
    if (input.category && !focus) throw new AppError("not_found");
    const page = focus ? Math.max(1, Math.min(100_000, Math.floor(input.page ?? 1))) : 1;
    const size = focus ? PAGE : 1;

    // The feeds the page shows, each read once even when it fills sections in several categories, and
    // all in one statement. A feed with fewer pages than asked for shows its last page (a second read).
    const shown = feeds.filter((f) => f.sections.some((s) => !focus || s.category === focus));
    const windows = await readWindows(
      shown.map((feed) => ({ feed, offset: (page - 1) * size, limit: size })),
    );
    const pagesOf = (total: number) => Math.max(1, Math.ceil(total / size));
    const short = shown.flatMap((feed, i) =>
      windows[i]!.total > 0 && pagesOf(windows[i]!.total) < page ? [i] : [],
    );
    if (short.length > 0) {
      const last = await readWindows(
        short.map((i) => ({ feed: shown[i]!, offset: (pagesOf(windows[i]!.total) - 1) * size, limit: size })),
      );
      short.forEach((i, n) => (windows[i] = last[n]!));
    }
    const windowOf = new Map(shown.map((feed, i) => [feed, windows[i]!]));

    const categories: CategoryView[] = [];
    for (const category of map) {
      if (focus && category.key !== focus) continue;
      const sections: SectionView[] = [];
      for (const feed of shown) {
        const w = windowOf.get(feed)!;
        for (const spec of feed.sections) {
          if (spec.category !== category.key) continue;
          const pages = pagesOf(w.total);
          const rows = w.rows.map((row) => project(row, spec.columns));
          sections.push({ spec, total: w.total, rows, page: Math.min(page, pages), pages });
        }
      }
      const withData = sections.filter((s) => s.total > 0);
      categories.push({
        category,
        sections,
        empty: withData.length === 0,
        total: withData.reduce((n, s) => n + s.total, 0),
        latest: newest(withData),
        heldBy: [...new Set(withData.map((s) => s.spec.heldBy))],
      });
    }

    const viewed = {
      action: "data.viewed",
      personId: actor.personId,
      meta: { category: focus ?? "all", page },
    } as const;
    if (actor.kind === "impersonation") {
      // Staff looking: the entry and the person's access log, together.
      await db.$transaction(async (tx) => {
        await audit(tx, actor, viewed);
        await tx.accessEvent.create({
          data: {
            personId: actor.personId,
            kind: "data_viewed_by_staff",
            staffMemberId: actor.staffMemberId,
            reason: actor.reason,
          },
        });
      });
    } else {
      await auditAlone(actor, viewed);
    }
    return { categories, focus, page };
  },
);

/** The date of the newest record: each section's first row is its newest; its first dated column. */
function newest(sections: SectionView[]): string | null {
  let latest: string | null = null;
  for (const s of sections) {
    if (s.spec.single) continue;
    const column = s.spec.columns.find((c) => c.type === "datetime" || c.type === "date");
    const value = column ? s.rows[0]?.[column.key] : undefined;
    if (typeof value === "string" && (latest === null || Date.parse(value) > Date.parse(latest))) {
      latest = value;
    }
  }
  return latest;
}
