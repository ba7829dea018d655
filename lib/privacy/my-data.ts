// The "my data" page: every category of the data map with the person's actual values from the
// portal's own records (identity numbers masked), the latest records of long histories with a way to
// page through all of them, and the Art. 15 facts from the same data map. Viewing is audited; when
// staff view it while impersonating, the person also sees it in their activity log, with the reason.
import { audit } from "../audit/append";
import { assertCan, type Actor } from "../auth/actor";
import { portalFeeds } from "../connectors/portal-db";
import type { Feed, Row, SectionSpec } from "../connectors/types";
import { loadDataMap, type MapCategory } from "../datamap/read";
import { db } from "../db";
import { AppError } from "../errors";
import type { Locale } from "../i18n/config";
import { project } from "./copy/formats";

/** Rows per section on the overview, and per page when one category is paged through. */
export const LATEST = 20;
export const PAGE = 50;

export type SectionView = {
  spec: SectionSpec;
  total: number;
  rows: Row[];
  page: number;
  pages: number;
};

export type CategoryView = { category: MapCategory; sections: SectionView[]; empty: boolean };

export type MyDataView = {
  categories: CategoryView[];
  /** The category being paged through, or null on the overview. */
  focus: string | null;
  page: number;
};

export async function viewMyData(
  actor: Actor | null,
  input: { category?: string | null; page?: number | null },
  locale: Locale,
): Promise<MyDataView> {
  assertCan(actor, "data.view");
  if (actor.kind !== "person" && actor.kind !== "impersonation") throw new AppError("forbidden");
  const person = await db.person.findUnique({
    where: { id: actor.personId },
    select: { id: true, email: true, firstName: true, lastName: true },
  });
  if (!person) throw new AppError("not_found");
  const map = await loadDataMap(locale);
  const focus = input.category && map.some((c) => c.key === input.category) ? input.category : null;
  if (input.category && !focus) throw new AppError("not_found");
  const page = focus ? Math.max(1, Math.min(100_000, Math.floor(input.page ?? 1))) : 1;

  const feeds = await portalFeeds(
    { personId: person.id, email: person.email, firstName: person.firstName, lastName: person.lastName },
    { purpose: "view" },
  );
  const counts = new Map<Feed, Promise<number>>();
  const countOf = (feed: Feed) => {
    if (!counts.has(feed)) counts.set(feed, feed.count());
    return counts.get(feed)!;
  };

  const categories: CategoryView[] = [];
  for (const category of map) {
    if (focus && category.key !== focus) continue;
    const sections: SectionView[] = [];
    for (const feed of feeds) {
      for (const spec of feed.sections) {
        if (spec.category !== category.key) continue;
        const total = await countOf(feed);
        const size = focus ? PAGE : LATEST;
        const pages = Math.max(1, Math.ceil(total / size));
        const current = Math.min(page, pages);
        const rows: Row[] = [];
        if (total > 0) {
          for await (const row of feed.rows({ offset: (current - 1) * size, limit: size })) {
            rows.push(project(row, spec.columns));
          }
        }
        sections.push({ spec, total, rows, page: current, pages });
      }
    }
    categories.push({ category, sections, empty: sections.every((s) => s.total === 0) });
  }

  await db.$transaction(async (tx) => {
    await audit(tx, actor, {
      action: "data.viewed",
      personId: actor.personId,
      meta: { category: focus ?? "all", page },
    });
    if (actor.kind === "impersonation") {
      await tx.accessEvent.create({
        data: {
          personId: actor.personId,
          kind: "data_viewed_by_staff",
          staffMemberId: actor.staffMemberId,
          reason: actor.reason,
        },
      });
    }
  });
  return { categories, focus, page };
}
