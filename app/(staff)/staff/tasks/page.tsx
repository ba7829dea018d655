import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/actor";
import { listOpenTasks } from "@/lib/staff/tasks";
import { completeTaskAction } from "@/app/actions/staff-tasks";
import { ActionForm, TextField } from "../_components/form-kit";

export async function generateMetadata() {
  const t = await getTranslations("staffconsole.tasks");
  return { title: t("title") };
}

export default async function TasksPage() {
  const actor = await requireStaff("staff.tasks.manage");
  const tasks = await listOpenTasks(actor);
  const t = await getTranslations("staffconsole.tasks");
  const tr = await getTranslations("requests");
  const format = await getFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {tasks.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ul className="stack">
          {tasks.map((task) => (
            <li key={task.id} className="card">
              <h2>
                {task.recipientName} · {t.has(`kinds.${task.kind}`) ? t(`kinds.${task.kind}`) : task.kind}
              </h2>
              <p>
                {task.requestId ? (
                  <Link href={`/staff/requests/${task.requestId}`}>
                    {tr(`types.${task.requestType}`)}
                    {task.personName ? ` · ${task.personName}` : ""}
                  </Link>
                ) : (
                  (task.personName ?? "—")
                )}
                {task.dueAt && ` · ${t("due", { date: day(task.dueAt) })}`} ·{" "}
                {t("created", { date: day(task.createdAt) })}
              </p>
              {task.detail && <p className="hint">{task.detail}</p>}
              <ActionForm
                action={completeTaskAction}
                submitLabel={t("tick")}
                hidden={{ taskId: task.id }}
                label={t("tickLabel", { recipient: task.recipientName })}
              >
                <TextField name="note" label={t("note")} />
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
