import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getPersonForStaff } from "@/lib/staff/person";
import { INTAKE_CHANNELS, REQUEST_TYPES } from "@/lib/staff/validation";
import { stockholmDay } from "@/lib/privacy/legal-clock";
import { startImpersonationAction } from "@/app/actions/impersonation";
import { registerRequestAction } from "@/app/actions/staff-requests";
import { announceLiftAction, liftRestrictionAction } from "@/app/actions/staff-people";
import { ActionForm, SelectField, TextField } from "@/components/forms/form-kit";
import { DueBadge } from "../../_components/due-badge";
import { staffWords } from "../../_components/words";
import { pageTitle } from "@/lib/i18n/page";
import { staffRecord } from "../../_components/staff-record";
import { DataTable } from "@/components/data-table";
import { ItemList } from "@/components/item-list";
import { PageSection } from "@/components/page-section";

export const generateMetadata = pageTitle("staffconsole.person");

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const { record: p } = await staffRecord(params, "staff.search", getPersonForStaff);
  const t = await getTranslations("staffconsole.person");
  const tr = await getTranslations("requests");
  const tc = await getTranslations("staffconsole");
  const w = await staffWords();
  const format = await getFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const dash = "—";

  return (
    <>
      <p>
        <Link href="/staff">{t("back")}</Link>
      </p>
      <h1>{p.name}</h1>
      {p.restrictedAt && (
        <p className="notice warn" role="note">
          {t("restrictedNotice", {
            date: day(p.restrictedAt),
            ground: t.has(`grounds.${p.restrictionReason}`) ? t(`grounds.${p.restrictionReason}`) : dash,
          })}
        </p>
      )}
      <dl className="facts">
        <dt>{t("email")}</dt>
        <dd>{p.email}</dd>
        <dt>{t("phone")}</dt>
        <dd>{p.phone ?? dash}</dd>
        <dt>{t("kind")}</dt>
        <dd>{tc(`home.kinds.${p.kind}` as never)}</dd>
        <dt>{t("language")}</dt>
        <dd>{w.language(p.language)}</dd>
        <dt>{t("dateOfBirth")}</dt>
        <dd>{p.dateOfBirth ? p.dateOfBirth.toISOString().slice(0, 10) : dash}</dd>
        <dt>{t("personnummer")}</dt>
        <dd>{p.personnummer ?? dash}</dd>
        <dt>{t("company")}</dt>
        <dd>
          {p.company ? `${p.company.name}${p.company.orgNumber ? ` (${p.company.orgNumber})` : ""}` : dash}
        </dd>
        <dt>{t("createdAt")}</dt>
        <dd>{day(p.createdAt)}</dd>
        <dt>{t("id")}</dt>
        <dd>
          <code>{p.id}</code>
        </dd>
      </dl>

      <PageSection
        id="impersonate-heading"
        heading={t("impersonate.heading")}
        lead={t("impersonate.lead")}
        card
      >
        <ActionForm
          action={startImpersonationAction}
          submitLabel={t("impersonate.submit")}
          hidden={{ personId: p.id }}
        >
          <TextField name="reason" label={t("impersonate.reason")} hint={t("impersonate.reasonHint")} />
        </ActionForm>
      </PageSection>

      <PageSection id="intake-heading" heading={t("intake.heading")} lead={t("intake.lead")} card>
        <ActionForm
          action={registerRequestAction}
          submitLabel={t("intake.submit")}
          hidden={{ personId: p.id }}
        >
          <SelectField
            name="type"
            label={t("intake.type")}
            options={REQUEST_TYPES.map((v) => ({ value: v, label: w.requestType(v) }))}
          />
          <SelectField
            name="channel"
            label={t("intake.channel")}
            options={INTAKE_CHANNELS.map((v) => ({ value: v, label: tr(`channels.${v}`) }))}
          />
          <TextField
            name="receivedDate"
            type="date"
            label={t("intake.receivedDate")}
            hint={t("intake.receivedDateHint")}
            defaultValue={stockholmDay(new Date())}
            max={stockholmDay(new Date())}
          />
          <TextField name="details" label={t("intake.details")} hint={t("intake.detailsHint")} multiline />
        </ActionForm>
      </PageSection>

      {p.restrictedAt && (
        <PageSection id="lift-heading" heading={t("lift.heading")} lead={t("lift.lead")} card>
          <p className="notice">{t(`lift.state.${p.liftState}` as never)}</p>
          <ActionForm
            action={announceLiftAction}
            submitLabel={t("lift.announce")}
            hidden={{ personId: p.id }}
          >
            <TextField name="reason" label={t("lift.reason")} hint={t("lift.reasonHint")} multiline />
          </ActionForm>
          {p.liftState === "told" && (
            <ActionForm
              action={liftRestrictionAction}
              submitLabel={t("lift.lift")}
              variant="danger"
              hidden={{ personId: p.id }}
            />
          )}
        </PageSection>
      )}

      <h2>{t("requests")}</h2>
      <DataTable
        caption={t("requests")}
        columns={[
          tc("queue.columns.type"),
          tc("queue.columns.status"),
          tc("queue.columns.received"),
          tc("queue.columns.due"),
          tc("queue.columns.tasks"),
        ]}
        rows={p.requests}
        empty={t("none")}
        row={(r) => (
          <tr key={r.id}>
            <td>
              <Link href={`/staff/requests/${r.id}`}>{w.requestType(r.type)}</Link>
            </td>
            <td>{w.requestStatus(r.status)}</td>
            <td>{day(r.receivedAt)}</td>
            <td>
              {day(r.effectiveDueAt)} <DueBadge status={r.dueStatus} />
            </td>
            <td>{r.openTasks}</td>
          </tr>
        )}
      />

      <h2>{t("tasks")}</h2>
      <ItemList
        items={p.tasks}
        empty={t("none")}
        item={(task) => (
          <li key={task.id}>
            {task.status === "open" ? tc("tasks.open") : tc("tasks.done")} · {w.recipient(task.recipientKey)}{" "}
            · {w.taskKind(task.kind)}
            {task.doneByName &&
              ` · ${tc("tasks.doneBy", { name: task.doneByName, date: when(task.doneAt!) })}`}
          </li>
        )}
      />

      <h2>{t("consent")}</h2>
      <ItemList
        items={p.consentStates}
        empty={t("none")}
        item={(c) => (
          <li key={`${c.channel}-${c.topic}`}>
            {w.channel(c.channel)}
            {c.topic ? ` / ${w.topic(c.topic)}` : ""}: {w.consentStatus(c.status)} (
            {w.legalBasis(c.legalBasis)})
          </li>
        )}
      />
      <details>
        <summary>{t("consentHistory", { count: p.consentEvents.length })}</summary>
        <DataTable caption={t("consentHistoryCaption")} columns={[t("when"), t("what"), t("how"), t("who")]}>
          {p.consentEvents.map((e) => (
            <tr key={e.id}>
              <td>{when(e.at)}</td>
              <td>
                {w.channel(e.channel)}
                {e.topic ? ` / ${w.topic(e.topic)}` : ""}: {w.consentAction(e.action)} (
                {w.legalBasis(e.legalBasis)})
              </td>
              <td>
                {w.method(e.method)} · {w.wording(e.wordingVersion)}
              </td>
              <td>{e.staffName ? `${e.staffName} (${w.actor(e.actorType)})` : w.actor(e.actorType)}</td>
            </tr>
          ))}
        </DataTable>
      </details>

      <h2>{t("changes")}</h2>
      <DataTable
        caption={t("changes")}
        columns={[t("when"), t("field"), t("before"), t("after"), t("who")]}
        rows={p.changes}
        empty={t("none")}
        row={(c) => (
          <tr key={c.id}>
            <td>{when(c.at)}</td>
            <td>{w.field(c.field)}</td>
            <td>{c.field === "language" ? w.language(c.old) : (c.old ?? dash)}</td>
            <td>{c.field === "language" ? w.language(c.new) : (c.new ?? dash)}</td>
            <td>{c.staffName ? `${c.staffName} (${w.actor(c.actorType)})` : w.actor(c.actorType)}</td>
          </tr>
        )}
      />

      <h2>{t("impersonations")}</h2>
      <ItemList
        items={p.impersonations}
        empty={t("none")}
        item={(i) => (
          <li key={i.id}>
            {t("impersonationLine", {
              staff: i.staffName,
              start: when(i.startedAt),
              reason: i.reason,
              state: tc(`impersonations.states.${i.state}`),
            })}
          </li>
        )}
      />

      <h2>{t("audit")}</h2>
      <p>
        <Link href={`/staff/audit?personId=${encodeURIComponent(p.id)}`}>{t("auditAll")}</Link>
      </p>
      <DataTable
        caption={t("audit")}
        columns={[tc("audit.columns.seq"), t("when"), tc("audit.columns.action"), t("who")]}
      >
        {p.auditEntries.map((a) => (
          <tr key={a.seq}>
            <td>{a.seq}</td>
            <td>{when(a.at)}</td>
            <td>{w.action(a.action)}</td>
            <td>{a.actorName ? `${a.actorName} (${w.actor(a.actorType)})` : w.actor(a.actorType)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
