import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/actor";
import { listOpenTasks } from "@/lib/staff/tasks";
import { completeTaskAction } from "@/app/actions/staff-tasks";
import { ActionForm, TextField } from "@/components/forms/form-kit";
import { TaskHint } from "../_components/task-hint";
import { staffWords } from "../_components/words";
import { pageTitle } from "@/lib/i18n/page";
import { ItemList } from "@/components/item-list";

export const generateMetadata = pageTitle("staffconsole.tasks");

export default async function TasksPage() {
  const actor = await requireStaff("staff.tasks.manage");
  const tasks = await listOpenTasks(actor);
  const t = await getTranslations("staffconsole.tasks");
  const w = await staffWords();
  const tn = await getTranslations("notices");
  const format = await getFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <ItemList
        items={tasks}
        empty={t("empty")}
        className="stack"
        item={(task) => (
          <li key={task.id} className="card">
            <h2>
              {w.recipient(task.recipientKey)} · {w.taskKind(task.kind)}
            </h2>
            <p>
              {task.requestId ? (
                <Link href={`/staff/requests/${task.requestId}`}>
                  {w.requestType(task.requestType)}
                  {task.personName ? ` · ${task.personName}` : ""}
                </Link>
              ) : task.personId && task.personName ? (
                <Link href={`/staff/people/${task.personId}`}>{task.personName}</Link>
              ) : (
                "—"
              )}
              {task.dueAt && ` · ${t("due", { date: day(task.dueAt) })}`} ·{" "}
              {t("created", { date: day(task.createdAt) })}
            </p>
            <TaskHint kind={task.kind} facts={task.facts} detail={task.detail} words={w} />
            {task.fields.length > 0 && (
              <p className="hint">
                {tn("changedSince", {
                  date: day(task.createdAt),
                  fields: w.list(task.fields.map(w.field)),
                })}
              </p>
            )}
            <ActionForm
              action={completeTaskAction}
              submitLabel={t("tick")}
              hidden={{ taskId: task.id }}
              label={t("tickLabel", { recipient: w.recipient(task.recipientKey) })}
            >
              <TextField name="note" label={t("note")} />
            </ActionForm>
          </li>
        )}
      />
    </>
  );
}
