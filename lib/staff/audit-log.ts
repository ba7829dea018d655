// The audit trail for staff: filter by action, person id and date (Stockholm days), newest first, a
// page at a time (by seq). Entries hold ids, not personal data; staff names are looked up for display.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db } from "../db";
import { likeText } from "../db/like";
import type { Prisma } from "../generated/prisma/client";
import { namesOf } from "./queue";
import { auditFilterInput, type AuditFilter } from "./validation";

export const AUDIT_PAGE = 100;

export const listAuditEntries = defineUseCase(
  "audit.list_audit_entries",
  { action: "staff.audit.view", callers: ["staff"] },
  async (actor, raw: Record<string, string | undefined>) => {
    const cleaned = Object.fromEntries(
      Object.entries(raw).filter(([, v]) => typeof v === "string" && v.trim() !== ""),
    );
    const parsed = auditFilterInput.safeParse(cleaned);
    const filter: AuditFilter = parsed.success ? parsed.data : {};
    const where: Prisma.AuditEntryWhereInput = {};
    if (filter.action) where.action = { startsWith: likeText(filter.action) };
    if (filter.personId) where.personId = filter.personId;
    const at: Prisma.DateTimeFilter = {};
    if (filter.from) at.gte = startOfStockholmDay(filter.from);
    if (filter.to) at.lt = startOfStockholmDay(nextDay(filter.to));
    if (filter.from || filter.to) where.at = at;
    if (filter.before) where.seq = { lt: BigInt(filter.before) };

    const rows = await db.auditEntry.findMany({ where, orderBy: { seq: "desc" }, take: AUDIT_PAGE + 1 });
    const page = rows.slice(0, AUDIT_PAGE);
    const staffIds = page.filter((r) => !["person", "system"].includes(r.actorType)).map((r) => r.actorId);
    const names = await namesOf(staffIds);
    return {
      filter,
      invalid: !parsed.success,
      entries: page.map((r) => ({
        seq: r.seq.toString(),
        at: r.at,
        actorType: r.actorType,
        actorId: r.actorId,
        actorName: r.actorId ? (names.get(r.actorId) ?? null) : null,
        personId: r.personId,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        meta: r.meta ? JSON.stringify(r.meta) : null,
      })),
      nextBefore: rows.length > AUDIT_PAGE ? page[page.length - 1]!.seq.toString() : null,
    };
  },
);

/** Midnight in Stockholm on an ISO date, as an instant (offset +01:00 or +02:00). */
function startOfStockholmDay(iso: string): Date {
  for (const offset of ["+01:00", "+02:00"]) {
    const d = new Date(`${iso}T00:00:00${offset}`);
    const local = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Stockholm",
      hour: "2-digit",
      hourCycle: "h23",
    }).format(d);
    if (local === "00") return d;
  }
  return new Date(`${iso}T00:00:00+01:00`);
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
