import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getRequestForStaff } from "@/lib/staff/queue";
import { outcomeWords } from "@/lib/connectors/outcome-words";
import { outcomesOf } from "@/lib/connectors/outcomes";
import { REFUSAL_GROUNDS } from "@/lib/staff/validation";
import { IdentityCorrectionDecision } from "@/components/staff/identity-correction-decision";
import {
  addNoteAction,
  assignRequestAction,
  copyDecisionAction,
  extendRequestAction,
  refuseRequestAction,
  resendConfirmationAction,
  resolveRequestAction,
} from "@/app/actions/staff-requests";
import { completeTaskAction } from "@/app/actions/staff-tasks";
import { ActionForm, RadioField, SelectField, TextField } from "@/components/forms/form-kit";
import { DueBadge } from "../../_components/due-badge";
import { TaskHint } from "../../_components/task-hint";
import { staffWords } from "../../_components/words";
import { pageTitle } from "@/lib/i18n/page";
import { staffRecord } from "../../_components/staff-record";
import { ItemList } from "@/components/item-list";
import { PageSection } from "@/components/page-section";

export const generateMetadata = pageTitle("staffconsole.request");

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { record: r } = await staffRecord(params, "staff.requests.manage", getRequestForStaff);
  const t = await getTranslations("staffconsole.request");
  const tc = await getTranslations("staffconsole");
  const tr = await getTranslations("requests");
  const w = await staffWords();
  // What each automated connector did (the request is the staff member's to see: staffRecord checked).
  const outcomes = await outcomesOf(r.id);
  const tn = await getTranslations("notices");
  const format = await getFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const personName = r.person
    ? [r.person.firstName, r.person.lastName].filter(Boolean).join(" ") || r.person.email
    : null;
  const open = ["received", "in_progress", "awaiting_fee_acceptance", "cooling_off", "failed"].includes(
    r.status,
  );
  // Exactly what the use-cases allow (lib/staff/request-actions.ts), never a second copy of the rules.
  const can = new Set(r.actions);
  const isCopy = r.type === "copy" || r.type === "further_copy";
  const copyDecisions = (["grant", "fee", "refuse"] as const).filter((a) => can.has(a));
  const hidden = { requestId: r.id };

  return (
    <>
      <p>
        <Link href="/staff/requests">{t("back")}</Link>
      </p>
      <h1>{t("heading", { type: w.requestType(r.type) })}</h1>
      <dl className="facts">
        <dt>{t("person")}</dt>
        <dd>
          {r.person ? <Link href={`/staff/people/${r.person.id}`}>{personName}</Link> : t("personGone")}
        </dd>
        <dt>{t("status")}</dt>
        <dd>{w.requestStatus(r.status)}</dd>
        <dt>{t("received")}</dt>
        <dd>
          {day(r.receivedAt)} · {tr("channel", { channel: tr(`channels.${r.channel}`) })}
        </dd>
        <dt>{t("due")}</dt>
        <dd>
          {day(r.effectiveDueAt)} <DueBadge status={r.dueStatus} />
          {r.extendedDueAt && (
            <>
              <br />
              {t("extendedFrom", { date: day(r.dueAt), reason: r.extensionReason ?? "—" })}
            </>
          )}
        </dd>
        <dt>{t("assigned")}</dt>
        <dd>{r.assignedToName ?? tc("queue.unassigned")}</dd>
        {r.feeOre !== null && (
          <>
            <dt>{t("fee")}</dt>
            <dd>
              {format.number(r.feeOre / 100, { style: "currency", currency: "SEK" })}
              {r.feeAcceptedAt ? ` · ${t("feeAccepted", { date: when(r.feeAcceptedAt) })}` : ""}
            </dd>
          </>
        )}
        {r.decisionReason && (
          <>
            <dt>{t("decisionReason")}</dt>
            <dd>{r.decisionReason}</dd>
          </>
        )}
        {r.person?.restrictedAt && (
          <>
            <dt>{t("restriction")}</dt>
            <dd>{t("restrictedSince", { date: day(r.person.restrictedAt) })}</dd>
          </>
        )}
      </dl>
      {/* A correction's details hold the asked identity values (a full personnummer): the
          decision form below shows them masked instead. */}
      {r.details && r.type !== "correction" && (
        <PageSection id="details-heading" heading={t("details")} lead={r.details} />
      )}

      {r.status === "awaiting_confirmation" && (
        <PageSection id="confirm-heading" heading={t("awaiting.heading")} lead={t("awaiting.lead")} card>
          <ActionForm
            action={resendConfirmationAction}
            submitLabel={t("awaiting.resend")}
            variant="secondary"
            hidden={hidden}
          />
        </PageSection>
      )}

      {r.type === "correction" && <IdentityCorrectionDecision requestId={r.id} />}

      <PageSection id="tasks-heading" heading={t("tasks", { open: r.openTasks, total: r.tasks.length })}>
        <ItemList
          items={r.tasks}
          empty={t("noTasks")}
          className="stack"
          item={(task) => (
            <li key={task.id} className="card">
              <strong>{w.recipient(task.recipientKey)}</strong> · {w.taskKind(task.kind)}
              <TaskHint
                kind={task.kind}
                facts={task.facts}
                detail={task.detail}
                fields={task.fields}
                words={w}
              />
              {task.status === "open" ? (
                <ActionForm
                  action={completeTaskAction}
                  submitLabel={tc("tasks.tick")}
                  hidden={{ taskId: task.id }}
                  label={tc("tasks.tickLabel", { recipient: w.recipient(task.recipientKey) })}
                >
                  <TextField name="note" label={tc("tasks.note")} />
                </ActionForm>
              ) : (
                <p>
                  {tc("tasks.doneBy", {
                    name: task.doneByName ?? "—",
                    date: task.doneAt ? when(task.doneAt) : "—",
                  })}
                  {task.note ? ` · ${task.note}` : ""}
                </p>
              )}
            </li>
          )}
        />
      </PageSection>

      {outcomes.length > 0 && (
        <PageSection id="systems-heading" heading={t("systems.heading")} lead={t("systems.lead")}>
          <ul>
            {outcomes.map((o) => (
              <li key={o.id}>
                {outcomeWords(o, w.locale)}
                {(o.status === "failed" || o.status === "pending") && o.reason && (
                  <>
                    {" "}
                    · {t("systems.failure")} <code data-verbatim="">{o.reason}</code>
                  </>
                )}
                {o.attempts > 1 && ` · ${t("systems.attempts", { count: o.attempts })}`}
              </li>
            ))}
          </ul>
        </PageSection>
      )}

      {isCopy && copyDecisions.length > 0 && (
        <PageSection
          id="copy-heading"
          heading={t("copy.heading")}
          lead={r.freeCopyAvailable && r.type === "copy" ? t("copy.freeAvailable") : t("copy.freeUsed")}
          card
        >
          {copyDecisions.length > 1 && <p>{t("copy.lead")}</p>}
          <ActionForm action={copyDecisionAction} submitLabel={t("copy.submit")} hidden={hidden}>
            <RadioField
              name="decision"
              legend={t("copy.decision")}
              options={[
                ...(can.has("grant") ? [{ value: "free", label: t("copy.free") }] : []),
                ...(can.has("fee") ? [{ value: "fee", label: t("copy.fee") }] : []),
                ...(can.has("refuse") ? [{ value: "refuse", label: t("copy.refuse") }] : []),
              ]}
            />
            {can.has("fee") && (
              <>
                <TextField
                  name="feeSek"
                  label={t("copy.feeSek")}
                  hint={t("copy.feeSekHint")}
                  inputMode="decimal"
                />
                <TextField name="basis" label={t("copy.basis")} hint={t("copy.basisHint")} multiline />
              </>
            )}
            {can.has("refuse") && (
              <>
                <SelectField
                  name="ground"
                  label={t("copy.ground")}
                  options={[
                    { value: "", label: t("copy.groundNone") },
                    ...REFUSAL_GROUNDS.map((g) => ({ value: g, label: t(`grounds.${g}`) })),
                  ]}
                />
                <TextField name="reason" label={t("copy.reason")} hint={t("copy.reasonHint")} multiline />
              </>
            )}
          </ActionForm>
        </PageSection>
      )}
      {isCopy && copyDecisions.length === 0 && r.copies.length > 0 && open && (
        <p className="notice">{tn("copyMade")}</p>
      )}

      {r.canExtend && (
        <PageSection
          id="extend-heading"
          heading={t("extend.heading")}
          lead={t("extend.lead", { date: day(r.dueAt) })}
          card
        >
          <ActionForm action={extendRequestAction} submitLabel={t("extend.submit")} hidden={hidden}>
            <SelectField
              name="months"
              label={t("extend.months")}
              defaultValue="2"
              options={[
                { value: "1", label: t("extend.oneMonth") },
                { value: "2", label: t("extend.twoMonths") },
              ]}
            />
            <TextField name="reason" label={t("extend.reason")} hint={t("extend.reasonHint")} multiline />
          </ActionForm>
        </PageSection>
      )}
      {open && !r.canExtend && !r.extendedDueAt && r.status !== "awaiting_confirmation" && (
        <p className="notice">{t("extend.tooLate")}</p>
      )}

      {can.has("refuse") && !isCopy && (
        <PageSection id="refuse-heading" heading={t("refuse.heading")} lead={t("refuse.lead")} card>
          <ActionForm
            action={refuseRequestAction}
            submitLabel={t("refuse.submit")}
            variant="danger"
            hidden={hidden}
          >
            <TextField name="reason" label={t("refuse.reason")} hint={t("refuse.reasonHint")} multiline />
          </ActionForm>
        </PageSection>
      )}

      {can.has("resolve") ? (
        <PageSection id="resolve-heading" heading={t("resolve.heading")} lead={t("resolve.lead")} card>
          <ActionForm action={resolveRequestAction} submitLabel={t("resolve.submit")} hidden={hidden}>
            <TextField name="note" label={t("resolve.note")} multiline />
          </ActionForm>
        </PageSection>
      ) : (
        (r.status === "received" || r.status === "in_progress") &&
        r.openTasks > 0 && <p className="notice warn">{t("resolve.openTasks", { count: r.openTasks })}</p>
      )}

      <PageSection id="assign-heading" heading={t("assign.heading")} card>
        <ActionForm action={assignRequestAction} submitLabel={t("assign.submit")} hidden={hidden}>
          <SelectField
            name="staffMemberId"
            label={t("assign.to")}
            defaultValue={r.assignedToId ?? ""}
            options={[
              { value: "", label: tc("queue.unassigned") },
              ...r.staffList.map((s) => ({ value: s.id, label: s.name })),
            ]}
          />
        </ActionForm>
      </PageSection>

      <PageSection id="notes-heading" heading={t("notes")}>
        <ItemList
          items={r.notes}
          empty={t("noNotes")}
          item={(n) => (
            <li key={n.id}>
              <strong>{n.staffName}</strong>, {when(n.at)}: {n.text}
            </li>
          )}
        />
        <ActionForm action={addNoteAction} submitLabel={t("addNote")} hidden={hidden}>
          <TextField name="text" label={t("note")} multiline />
        </ActionForm>
      </PageSection>

      {r.copies.length > 0 && (
        <PageSection id="copies-heading" heading={t("copies")}>
          <ul>
            {r.copies.map((c) => (
              <li key={c.id}>
                {when(c.createdAt)} · {w.copyStatus(c.status)} · {c.free ? t("countsAsFree") : t("notFree")}
              </li>
            ))}
          </ul>
        </PageSection>
      )}
    </>
  );
}
