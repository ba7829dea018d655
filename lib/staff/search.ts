// Finding a person: by email, name, organisation number, order number or personnummer. A personnummer
// (and a sole trader's organisation number, which is one) is never stored in clear: it is found by its
// keyed hash. The search is audited with counts only (the query itself may be personal data).
import { defineUseCase, parseCheckedInput } from "@/lib/kernel/use-case";
import { db } from "../db";
import { likeText } from "../db/like";
import { auditAlone } from "../audit/append";
import { personnummerHash } from "../crypto/personnummer-hash";
import type { Prisma } from "../generated/prisma/client";
import { parseOrgNumber } from "../validation/personnummer";
import { displayName } from "./queue";
import { searchInput } from "./validation";

export type SearchHit = {
  id: string;
  name: string;
  email: string;
  kind: string;
  company: string | null;
  restricted: boolean;
  matchedBy: string[];
};

export const SEARCH_LIMIT = 50;

export const searchPeople = defineUseCase(
  "staff.search_people",
  { action: "staff.search", callers: ["staff"] },
  async (staff, raw: unknown): Promise<SearchHit[]> => {
    const q = parseCheckedInput(searchInput, raw);
    const ors: { by: string; where: Prisma.PersonWhereInput }[] = [];

    if (q.includes("@"))
      ors.push({ by: "email", where: { email: { contains: likeText(q), mode: "insensitive" } } });
    const pnrHash = personnummerHash(q);
    if (pnrHash) ors.push({ by: "personnummer", where: { personnummerHash: pnrHash } });
    const org = parseOrgNumber(q);
    if (org && !org.soleTrader)
      ors.push({ by: "orgNumber", where: { company: { is: { orgNumber: org.value } } } });
    const soleTraderHash = org?.soleTrader ? personnummerHash(org.value) : null;
    if (soleTraderHash) ors.push({ by: "orgNumber", where: { personnummerHash: soleTraderHash } });
    if (/^[A-Za-z0-9-]{3,40}$/.test(q)) {
      ors.push({
        by: "orderNumber",
        where: { orders: { some: { orderNumber: { equals: q, mode: "insensitive" } } } },
      });
    }
    if (!q.includes("@") && /\p{L}/u.test(q)) {
      const words = q.split(/\s+/).filter(Boolean).slice(0, 4);
      ors.push({
        by: "name",
        where: {
          AND: words.map((w) => ({
            OR: [
              { firstName: { contains: likeText(w), mode: "insensitive" as const } },
              { lastName: { contains: likeText(w), mode: "insensitive" as const } },
            ],
          })),
        },
      });
      ors.push({
        by: "company",
        where: { company: { is: { name: { contains: likeText(q), mode: "insensitive" } } } },
      });
    }

    const hits = new Map<string, SearchHit>();
    for (const { by, where } of ors) {
      const people = await db.person.findMany({
        where,
        take: SEARCH_LIMIT,
        orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
        select: {
          id: true,
          firstName: true,
          lastName: true,
          email: true,
          kind: true,
          restrictedAt: true,
          company: { select: { name: true } },
        },
      });
      for (const p of people) {
        const hit = hits.get(p.id);
        if (hit) hit.matchedBy.push(by);
        else if (hits.size < SEARCH_LIMIT) {
          hits.set(p.id, {
            id: p.id,
            name: displayName(p),
            email: p.email,
            kind: p.kind,
            company: p.company?.name ?? null,
            restricted: p.restrictedAt !== null,
            matchedBy: [by],
          });
        }
      }
    }
    const result = [...hits.values()];
    await auditAlone(staff, {
      action: "staff.search",
      meta: { results: result.length, ways: ors.map((o) => o.by).join(",") },
    });
    return result;
  },
);
