// Recipient tasks: work for recipients without a connector (PayPal, transport companies, Microsoft 365
// searches, notices of corrections, erasures and restrictions), created by the connectors. A checklist
// per request and one global list of open tasks; each is ticked by a named staff member.
import { defineUseCase, parseCheckedInput } from "@/lib/kernel/use-case";
import { db } from "../db";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { effectiveDueAt } from "../privacy/requests";
import { displayName } from "./queue";
import { taskDoneInput } from "./validation";

export const listOpenTasks = defineUseCase(
  "tasks.list_open_tasks",
  { action: "staff.tasks.manage", callers: ["staff"] },
  async (actor, filter: { recipient?: string } = {}) => {
    const tasks = await db.recipientTask.findMany({
      where: { status: "open", ...(filter.recipient ? { recipientKey: filter.recipient.slice(0, 64) } : {}) },
      orderBy: { createdAt: "asc" },
      take: 500,
      include: {
        request: {
          select: {
            id: true,
            type: true,
            dueAt: true,
            extendedDueAt: true,
            person: { select: { firstName: true, lastName: true, email: true } },
          },
        },
      },
    });
    // Art. 19 tasks from a correction the person made themself belong to no request: named by person.
    const loose = [...new Set(tasks.filter((t) => !t.request && t.personId).map((t) => t.personId!))];
    const people = loose.length
      ? await db.person.findMany({
          where: { id: { in: loose } },
          select: { id: true, firstName: true, lastName: true, email: true },
        })
      : [];
    const personNames = new Map(people.map((p) => [p.id, displayName(p)]));
    return tasks.map((t) => ({
      id: t.id,
      kind: t.kind,
      detail: t.detail,
      facts: t.facts,
      /** For Art. 19 tasks: every field changed since the task opened. */
      fields: t.fields,
      createdAt: t.createdAt,
      // Shown by the page through its vocabulary: the admin-editable name, in the page's language.
      recipientKey: t.recipientKey,
      requestId: t.request?.id ?? null,
      requestType: t.request?.type ?? null,
      dueAt: t.request ? effectiveDueAt(t.request) : null,
      personName: t.request?.person
        ? displayName(t.request.person)
        : t.personId
          ? (personNames.get(t.personId) ?? null)
          : null,
      personId: t.personId,
    }));
  },
);

/** Ticks a task as done by the acting staff member, with an optional note. */
export const completeTask = defineUseCase(
  "tasks.complete_task",
  { action: "staff.tasks.manage", callers: ["staff"] },
  async (staff, raw: unknown, now: Date = new Date()): Promise<void> => {
    const { taskId, note } = parseCheckedInput(taskDoneInput, raw);
    await db.$transaction(async (tx) => {
      const done = await tx.recipientTask.updateMany({
        where: { id: taskId, status: "open" },
        data: { status: "done", doneById: staff.staffMemberId, doneAt: now, note: note ?? null },
      });
      if (done.count === 0) {
        const exists = await tx.recipientTask.count({ where: { id: taskId } });
        throw exists ? new AppError("not_allowed_now", { reason: "task_done" }) : new AppError("not_found");
      }
      const task = await tx.recipientTask.findUniqueOrThrow({ where: { id: taskId } });
      await audit(tx, staff, {
        action: "staff.task_done",
        personId: task.personId,
        targetType: "recipient_task",
        targetId: taskId,
        meta: { requestId: task.requestId, recipient: task.recipientKey, kind: task.kind },
      });
    });
  },
);
