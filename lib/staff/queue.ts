// The request queue: every request with its received date and the deadline in force (the legal clock,
// extended when extended), overdue and due-soon marks, assignment and open recipient tasks.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db } from "../db";
import { auditAlone } from "../audit/append";
import { decryptForPerson } from "../crypto/keys";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { dueStatus } from "../privacy/legal-clock";
import {
  effectiveDueAt,
  isOpen,
  OPEN_STATUSES,
  REQUEST_STATUSES,
  type RequestStatus,
  type RequestType,
} from "../privacy/requests";
import { requestRow, type RequestRow } from "../privacy/request-row";
import { getSettings } from "../settings";
import { allowedActions, loadRequestFacts } from "./request-actions";
import { REQUEST_TYPES } from "./validation";

export type StatusFilter = "open" | "all" | RequestStatus;
export const STATUS_FILTERS: readonly StatusFilter[] = ["open", "all", ...REQUEST_STATUSES];

export type QueueFilter = {
  type?: string;
  status?: string;
  /** "me", "none" or a staff member id */
  assigned?: string;
};

export type QueueRow = RequestRow & {
  extended: boolean;
  personId: string | null;
  personName: string;
  assignedToName: string | null;
  openTasks: number;
};

export const QUEUE_LIMIT = 200;

export const listRequestQueue = defineUseCase(
  "requests.list_request_queue",
  { action: "staff.requests.manage", callers: ["staff"] },
  async (staff, filter: QueueFilter = {}, now: Date = new Date()) => {
    const where: Prisma.RequestWhereInput = {};
    if (filter.type && (REQUEST_TYPES as readonly string[]).includes(filter.type))
      where.type = filter.type as RequestType;
    const status = (STATUS_FILTERS as readonly string[]).includes(filter.status ?? "")
      ? filter.status
      : "open";
    if (status === "open") where.status = { in: OPEN_STATUSES };
    else if (status !== "all") where.status = status as RequestStatus;
    if (filter.assigned === "me") where.assignedToId = staff.staffMemberId;
    else if (filter.assigned === "none") where.assignedToId = null;
    else if (filter.assigned) where.assignedToId = filter.assigned.slice(0, 64);

    const rows = await db.request.findMany({
      where,
      // The deadline in force is the extended one when there is one; sort in memory after the fetch.
      orderBy: [{ dueAt: "asc" }, { receivedAt: "asc" }],
      take: QUEUE_LIMIT,
      include: {
        person: { select: { firstName: true, lastName: true, email: true } },
        _count: { select: { tasks: { where: { status: "open" } } } },
      },
    });
    const staffNames = await namesOf(rows.map((r) => r.assignedToId));
    const list: QueueRow[] = rows.map((r) => ({
      ...requestRow(r, now),
      extended: r.extendedDueAt !== null,
      personId: r.personId,
      personName: r.person ? displayName(r.person) : "—",
      assignedToName: r.assignedToId ? (staffNames.get(r.assignedToId) ?? "—") : null,
      openTasks: r._count.tasks,
    }));
    list.sort((a, b) => a.effectiveDueAt.getTime() - b.effectiveDueAt.getTime());
    return { rows: list, truncated: rows.length === QUEUE_LIMIT, status: status as StatusFilter };
  },
);

/** Counts for the staff home page. */
export const queueSummary = defineUseCase(
  "requests.queue_summary",
  { action: "staff.requests.manage", callers: ["staff"] },
  async (actor, now: Date = new Date()) => {
    const open = await db.request.findMany({
      where: { status: { in: OPEN_STATUSES } },
      select: { dueAt: true, extendedDueAt: true },
    });
    let overdue = 0;
    let dueSoon = 0;
    for (const r of open) {
      const s = dueStatus(effectiveDueAt(r), now);
      if (s === "overdue") overdue++;
      else if (s === "due_soon") dueSoon++;
    }
    const openTasks = await db.recipientTask.count({ where: { status: "open" } });
    return { open: open.length, overdue, dueSoon, openTasks };
  },
);

/** One request, for its page. Viewing it is audited. */
export const getRequestForStaff = defineUseCase(
  "requests.get_request_for_staff",
  { action: "staff.requests.manage", callers: ["staff"] },
  async (staff, requestId: string, now: Date = new Date()) => {
    const request = await db.request.findUnique({
      where: { id: requestId },
      include: {
        person: {
          select: {
            id: true,
            firstName: true,
            lastName: true,
            email: true,
            language: true,
            restrictedAt: true,
          },
        },
        tasks: { orderBy: [{ status: "desc" }, { createdAt: "asc" }] },
        notes: { orderBy: { at: "asc" } },
        copies: {
          orderBy: { createdAt: "desc" },
          select: { id: true, status: true, free: true, createdAt: true },
        },
      },
    });
    if (!request) throw new AppError("not_found");
    const names = await namesOf([
      request.assignedToId,
      ...request.tasks.map((t) => t.doneById),
      ...request.notes.map((n) => n.staffMemberId),
    ]);
    const details =
      request.detailsEnc && request.personId
        ? await decryptForPerson(db, request.personId, request.detailsEnc)
        : null;
    // What staff may do here: the guard the use-cases apply, over facts read the same way.
    const facts = await loadRequestFacts(db, request, now, (await getSettings()).freeCopyMonths);
    const actions = [...allowedActions(facts)];
    const freeCopyAvailable = request.type === "copy" ? facts.freeCopyAvailable : null;
    const staffList = await db.staffMember.findMany({
      where: { active: true },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    });
    await auditAlone(staff, {
      action: "staff.request_viewed",
      personId: request.personId,
      targetType: "request",
      targetId: request.id,
    });
    return {
      ...request,
      ...requestRow(request, now),
      details,
      /** Extension is possible only within the first month, once. */
      canExtend:
        isOpen(request.status) &&
        request.status !== "awaiting_confirmation" &&
        !request.extendedDueAt &&
        now <= request.dueAt,
      freeCopyAvailable,
      actions,
      openTasks: request.tasks.filter((t) => t.status === "open").length,
      assignedToName: request.assignedToId ? (names.get(request.assignedToId) ?? null) : null,
      tasks: request.tasks.map((t) => ({
        ...t,
        doneByName: t.doneById ? (names.get(t.doneById) ?? null) : null,
      })),
      notes: request.notes.map((n) => ({ ...n, staffName: names.get(n.staffMemberId) ?? "—" })),
      staffList,
    };
  },
);

export async function namesOf(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (unique.length === 0) return new Map();
  const rows = await db.staffMember.findMany({
    where: { id: { in: unique } },
    select: { id: true, name: true },
  });
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function displayName(p: {
  firstName: string | null;
  lastName: string | null;
  email?: string;
}): string {
  return [p.firstName, p.lastName].filter(Boolean).join(" ") || p.email || "—";
}
