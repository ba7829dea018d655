import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireSubject } from "@/lib/auth/actor";
import { type Locale, localeOf } from "@/lib/i18n/config";
import { getDetails } from "@/lib/privacy/rectification/get-details";
import { changeHistory, type HistoryEntry } from "@/lib/privacy/rectification/change-history";
import { listIdentityCorrections } from "@/lib/privacy/rectification/identity-corrections";
import { listToldRecipients } from "@/lib/privacy/rectification/notify-recipients";
import { toldBy, toldHow } from "@/lib/connectors/configured";
import { connectedConnectors } from "@/lib/connectors/config";
import type { ReactNode } from "react";
import { COUNTRIES, LANGUAGES, type DetailsSection } from "@/lib/privacy/rectification/details.validation";
import { formatPhone } from "@/lib/validation/phone";
import { valueFormatter } from "@/lib/format/values";
import { errorTexts, serverTranslator } from "@/lib/i18n/client-texts";
import { DetailsForm, type DetailsTexts, type FieldSpec } from "./details-form";
import { EmailChangeForm } from "./email-change-form";
import { IdentityCorrectionForm } from "./identity-correction-form";
import { pageTitle } from "@/lib/i18n/page";
import { headings, TableSection } from "@/components/data-table";
import { PageSection } from "@/components/page-section";

export const generateMetadata = pageTitle("details");

type T = Awaited<ReturnType<typeof getTranslations<"details">>>;

export default async function DetailsPage() {
  const actor = await requireSubject();
  const t = await getTranslations("details");
  const tReq = await getTranslations("requests");
  const format = await getFormatter();
  const rawLocale = await getLocale();
  const locale: Locale = localeOf(rawLocale);
  const [details, history, corrections, told, connected] = await Promise.all([
    getDetails(actor),
    changeHistory(actor),
    listIdentityCorrections(actor),
    listToldRecipients(actor, locale),
    connectedConnectors(),
  ]);
  const impersonating = actor.kind === "impersonation";
  const values = valueFormatter(locale);
  const regions = new Intl.DisplayNames([locale], { type: "region" });
  const countries = COUNTRIES.map((c) => ({ value: c, label: regions.of(c) ?? c }));
  const languages = LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }));

  const address = (kind: "billing" | "delivery"): FieldSpec[] => {
    // The HTML autofill section for a delivery address is called "shipping".
    const ac = kind === "billing" ? "billing" : "shipping";
    return [
      { name: `${kind}Street`, label: t("fields.street"), autoComplete: `${ac} address-line1` },
      {
        name: `${kind}Postcode`,
        label: t("fields.postcode"),
        hint: t("hints.postcode"),
        autoComplete: `${ac} postal-code`,
        inputMode: "numeric",
      },
      { name: `${kind}City`, label: t("fields.city"), autoComplete: `${ac} address-level2` },
      { name: `${kind}Country`, label: t("fields.country"), type: "select", options: countries },
    ];
  };
  const soleTrader = details.company?.soleTrader ? details.company.orgNumberMasked : null;
  // The forms' texts, translated here: client components get no messages (decision 0012).
  const texts: DetailsTexts = {
    saving: t("saving"),
    errors: await errorTexts(await serverTranslator("details")),
  };

  // One card per section: its heading, what to know first, and the section's form.
  const sectionCard = (section: DetailsSection, fields: FieldSpec[], intro?: ReactNode) => (
    <section aria-labelledby={`${section}-heading`} className="card">
      <h2 id={`${section}-heading`}>{t(`sections.${section}`)}</h2>
      {intro}
      <DetailsForm
        section={section}
        submitLabel={t("saveSection", { section: t(`sections.${section}`).toLowerCase() })}
        texts={texts}
        defaults={details.sections[section]}
        fields={fields}
      />
    </section>
  );

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {impersonating && <p className="notice warn">{t("impersonationNote")}</p>}

      {sectionCard("name", [
        { name: "firstName", label: t("fields.firstName"), autoComplete: "given-name" },
        { name: "lastName", label: t("fields.lastName"), autoComplete: "family-name" },
      ])}
      {sectionCard("billing", address("billing"), <p className="hint">{t("hints.addressEmpty")}</p>)}
      {sectionCard("delivery", address("delivery"), <p className="hint">{t("hints.addressEmpty")}</p>)}
      {sectionCard("phone", [
        {
          name: "phone",
          label: t("fields.phone"),
          hint: t("hints.phone"),
          type: "tel",
          autoComplete: "tel",
          inputMode: "tel",
        },
      ])}
      {sectionCard(
        "company",
        [
          { name: "companyName", label: t("fields.companyName"), autoComplete: "organization" },
          {
            name: "orgNumber",
            label: t("fields.orgNumber"),
            hint: soleTrader ? t("hints.orgNumberSoleTrader") : t("hints.orgNumber"),
            autoComplete: "off",
          },
          { name: "contactPerson", label: t("fields.contactPerson"), autoComplete: "name" },
        ],
        soleTrader && <p className="notice">{t("company.soleTrader", { number: soleTrader })}</p>,
      )}
      {sectionCard(
        "language",
        [{ name: "language", label: t("fields.language"), type: "select", options: languages }],
        <p className="hint">{t("hints.language")}</p>,
      )}

      <PageSection id="email-heading" heading={t("sections.email")} card>
        <dl className="facts">
          <dt>{t("email.current")}</dt>
          <dd>{details.email}</dd>
        </dl>
        {details.pendingEmailChange && (
          <p className="notice warn" role="status">
            {t("email.pending", {
              address: details.pendingEmailChange.newEmail,
              until: format.dateTime(details.pendingEmailChange.expiresAt, { timeStyle: "short" }),
            })}
          </p>
        )}
        {impersonating ? (
          <p className="notice">{t("email.notForStaff")}</p>
        ) : (
          <>
            <p>{t("email.lead")}</p>
            <EmailChangeForm
              texts={texts}
              labels={{
                label: t("fields.newEmail"),
                hint: t("email.hint"),
                submit: t("email.submit"),
              }}
            />
          </>
        )}
      </PageSection>

      <PageSection id="identity-heading" heading={t("sections.identity")} lead={t("identity.lead")} card>
        <dl className="facts">
          <dt>{t("fields.dateOfBirth")}</dt>
          <dd>{details.identity.dateOfBirth ? values.date(details.identity.dateOfBirth) : t("none")}</dd>
          <dt>{t("fields.personnummer")}</dt>
          <dd>{details.identity.personnummer ?? t("none")}</dd>
        </dl>
        {corrections.length > 0 && (
          <>
            <h3>{t("identity.requestsHeading")}</h3>
            <ul>
              {corrections.map((c) => (
                <li key={c.id}>
                  {t("identity.requestLine", {
                    received: format.dateTime(c.receivedAt, { dateStyle: "medium" }),
                    status: tReq(`statuses.${c.status}` as never),
                  })}{" "}
                  {[
                    c.personnummer ? `${t("fields.personnummer")}: ${c.personnummer}` : null,
                    c.dateOfBirth ? `${t("fields.dateOfBirth")}: ${values.date(c.dateOfBirth)}` : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                  {c.open && (
                    <> {t("identity.due", { date: format.dateTime(c.dueAt, { dateStyle: "medium" }) })}</>
                  )}
                  {!c.open && c.decisionReason && <> {t("identity.reason", { reason: c.decisionReason })}</>}
                </li>
              ))}
            </ul>
            <p>
              <Link href="/requests">{t("identity.allRequests")}</Link>
            </p>
          </>
        )}
        {impersonating ? (
          <p className="notice">{t("identity.notForStaff")}</p>
        ) : (
          <IdentityCorrectionForm
            waiting={corrections.some((c) => c.open)}
            texts={texts}
            labels={{
              personnummer: t("fields.personnummer"),
              personnummerHint: t("identity.personnummerHint"),
              dateOfBirth: t("fields.dateOfBirth"),
              dateHint: t("identity.dateHint"),
              note: t("fields.note"),
              noteHint: t("identity.noteHint"),
              oneAtATime: t("identity.oneAtATime"),
              submit: t("identity.submit"),
            }}
          />
        )}
      </PageSection>

      <TableSection
        id="history-heading"
        heading={t("history.heading")}
        lead={t("history.lead")}
        columns={headings(t, "history", ["when", "field", "before", "after", "who"])}
        rows={history}
        empty={t("history.empty")}
        row={(h) => (
          <tr key={h.id}>
            <td>{format.dateTime(h.at, { dateStyle: "medium", timeStyle: "short" })}</td>
            <td>{fieldLabel(t, h.field)}</td>
            <td>{valueText(t, regions, h.field, h.old)}</td>
            <td>{valueText(t, regions, h.field, h.new)}</td>
            <td>{who(t, h)}</td>
          </tr>
        )}
      />

      <TableSection
        id="told-heading"
        heading={t("told.heading")}
        lead={connected.size > 0 ? t("told.lead") : t("told.leadManual")}
        columns={[t("told.when"), t("told.recipient"), t("told.how")]}
        rows={told}
        empty={t("told.empty")}
        row={(r, i) => (
          <tr key={`${r.recipientKey}-${r.at.getTime()}-${i}`}>
            <td>{format.dateTime(r.at, { dateStyle: "medium", timeStyle: "short" })}</td>
            <td>{r.name}</td>
            <td>
              {toldBy(r.how, r.outcome?.connector, r.outcome) === "automatic"
                ? r.outcome
                  ? toldHow(r.outcome, r.name, locale)
                  : t("told.automatic")
                : r.taskStatus === "done" && r.taskDoneAt
                  ? t("told.staffDone", {
                      date: format.dateTime(r.taskDoneAt, { dateStyle: "medium" }),
                    })
                  : t("told.staff")}
            </td>
          </tr>
        )}
      />
    </>
  );
}

function fieldLabel(t: T, field: string): string {
  const key = `fieldNames.${field}`;
  return t.has(key as never) ? t(key as never) : field;
}

function valueText(t: T, regions: Intl.DisplayNames, field: string, value: string | null): string {
  if (value === null || value === "") return t("history.empty_value");
  if (field === "language" && t.has(`languages.${value}` as never)) return t(`languages.${value}` as never);
  if (field.endsWith("Country")) return regions.of(value) ?? value;
  if (field === "phone") return formatPhone(value);
  return value;
}

function who(t: T, h: HistoryEntry): string {
  switch (h.actorType) {
    case "person":
      return t("history.byPerson");
    case "impersonation":
      return t("history.byImpersonation", { name: h.staffName ?? "—" });
    case "staff":
      return t("history.byStaff", { name: h.staffName ?? "—" });
    default:
      return t("history.bySystem");
  }
}
