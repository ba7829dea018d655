// The admin's forms for settings, consent topics and the data map (server component: labels are
// translated here, the form kit shows the action's answer).
import { getTranslations } from "next-intl/server";
import { LEGAL_HOLDS } from "@/lib/datamap/policy-map";
import { recipientName } from "@/lib/datamap/recipient-name";
import { LEGAL_BASES, SETTING_KEYS, settingRange, type getSettingsView } from "@/lib/staff/settings";
import {
  saveCategoryAction,
  saveGeneralSettingsAction,
  savePurposeAction,
  saveRecipientAction,
  saveTopicAction,
} from "@/app/actions/staff-settings";
import { ActionForm, CheckboxField, SelectField, TextField } from "@/components/forms/form-kit";

type View = Awaited<ReturnType<typeof getSettingsView>>;

const tbc = (v: boolean | null) => (v === null ? "tbc" : v ? "yes" : "no");

export async function GeneralSettingsForm({ settings }: { settings: View["settings"] }) {
  const t = await getTranslations("staffconsole.settings");
  return (
    <ActionForm action={saveGeneralSettingsAction} submitLabel={t("save")} label={t("generalHeading")}>
      {SETTING_KEYS.map((k) => {
        const range = settingRange(k);
        return (
          <TextField
            key={k}
            name={k}
            label={t(`keys.${k}`)}
            hint={range ? t("range", { min: range.min ?? 0, max: range.max ?? 0 }) : t("fyEndHint")}
            defaultValue={String(settings[k])}
            inputMode={range ? "numeric" : "text"}
          />
        );
      })}
    </ActionForm>
  );
}

export async function TopicForms({ topics }: { topics: View["topics"] }) {
  const t = await getTranslations("staffconsole.settings");
  const fields = (topic?: View["topics"][number]) => (
    <>
      <TextField name="key" label={t("topicKey")} hint={t("topicKeyHint")} defaultValue={topic?.key} />
      <TextField name="nameSv" label={t("nameSv")} defaultValue={topic?.nameSv} />
      <TextField name="nameEn" label={t("nameEn")} defaultValue={topic?.nameEn} />
      <TextField
        name="sortOrder"
        label={t("sortOrder")}
        defaultValue={String(topic?.sortOrder ?? 100)}
        inputMode="numeric"
      />
      <CheckboxField name="active" label={t("topicActive")} defaultChecked={topic?.active ?? true} />
      <TextField
        name="partnerTopicId"
        label={t("partnerTopicId")}
        hint={t("partnerTopicIdHint")}
        defaultValue={topic?.partnerTopicId ?? ""}
      />
    </>
  );
  return (
    <>
      {topics.map((topic) => (
        <details key={topic.key}>
          <summary>
            {topic.nameSv} / {topic.nameEn} {topic.active ? "" : `(${t("inactive")})`}
          </summary>
          <ActionForm action={saveTopicAction} submitLabel={t("save")} label={topic.key}>
            {fields(topic)}
          </ActionForm>
        </details>
      ))}
      <details>
        <summary>{t("newTopic")}</summary>
        <ActionForm action={saveTopicAction} submitLabel={t("add")} label={t("newTopic")}>
          {fields()}
        </ActionForm>
      </details>
    </>
  );
}

/** `open`: the form to show opened ("category-<key>", "purpose-<key>", "recipient-<key>"), as the
 * "before going live" page links to it. */
export async function DataMapForms({ view, locale, open }: { view: View; locale: string; open?: string }) {
  const t = await getTranslations("staffconsole.settings");
  const sv = locale === "sv";
  const basisOptions = [
    { value: "tbc", label: t("toBeConfirmed") },
    ...LEGAL_BASES.map((b) => ({ value: b, label: t(`bases.${b}`) })),
  ];
  const yesNo = [
    { value: "tbc", label: t("toBeConfirmed") },
    { value: "yes", label: t("yes") },
    { value: "no", label: t("no") },
  ];
  return (
    <>
      <h3>{t("categories")}</h3>
      {view.categories.map((c) => (
        <details key={c.key} id={`category-${c.key}`} open={open === `category-${c.key}`}>
          <summary>{sv ? c.nameSv : c.nameEn}</summary>
          <ActionForm
            action={saveCategoryAction}
            submitLabel={t("save")}
            hidden={{ key: c.key }}
            label={sv ? c.nameSv : c.nameEn}
          >
            <SelectField
              name="legalBasis"
              label={t("legalBasis")}
              options={basisOptions}
              defaultValue={c.legalBasis ?? "tbc"}
            />
            <SelectField
              name="legalHold"
              label={t("legalHold")}
              defaultValue={c.legalHold ?? "none"}
              options={[
                { value: "none", label: t("noHold") },
                ...Object.keys(LEGAL_HOLDS).map((h) => ({ value: h, label: t(`holds.${h}` as never) })),
              ]}
            />
            <SelectField
              name="automatedDecision"
              label={t("automatedDecision")}
              hint={t("automatedDecisionHint")}
              options={yesNo}
              defaultValue={tbc(c.automatedDecision)}
            />
            <TextField
              name="automatedLogicSv"
              label={t("logicSv")}
              defaultValue={c.automatedLogicSv ?? ""}
              multiline
            />
            <TextField
              name="automatedLogicEn"
              label={t("logicEn")}
              defaultValue={c.automatedLogicEn ?? ""}
              multiline
            />
            <TextField name="retentionSv" label={t("retentionSv")} defaultValue={c.retentionSv} multiline />
            <TextField name="retentionEn" label={t("retentionEn")} defaultValue={c.retentionEn} multiline />
            <TextField
              name="retentionMonths"
              label={t("retentionMonths")}
              hint={t("retentionMonthsHint")}
              defaultValue={c.retentionMonths === null ? "" : String(c.retentionMonths)}
              inputMode="numeric"
            />
          </ActionForm>
        </details>
      ))}

      <h3>{t("purposes")}</h3>
      {view.purposes.map((p) => (
        <details key={p.key} id={`purpose-${p.key}`} open={open === `purpose-${p.key}`}>
          <summary>{sv ? p.textSv : p.textEn}</summary>
          <ActionForm
            action={savePurposeAction}
            submitLabel={t("save")}
            hidden={{ key: p.key }}
            label={p.key}
          >
            <SelectField
              name="legalBasis"
              label={t("legalBasis")}
              options={basisOptions}
              defaultValue={p.legalBasis ?? "tbc"}
            />
          </ActionForm>
        </details>
      ))}

      <h3>{t("recipients")}</h3>
      {view.recipients.map((r) => (
        <details key={r.key} id={`recipient-${r.key}`} open={open === `recipient-${r.key}`}>
          <summary>{recipientName(r.key, sv ? "sv" : "en", r.name)}</summary>
          <ActionForm
            action={saveRecipientAction}
            submitLabel={t("save")}
            hidden={{ key: r.key }}
            label={recipientName(r.key, sv ? "sv" : "en", r.name)}
          >
            <SelectField
              name="role"
              label={t("role")}
              defaultValue={r.role}
              options={[
                { value: "processor", label: t("roles.processor") },
                { value: "controller", label: t("roles.controller") },
              ]}
            />
            <SelectField
              name="outsideEea"
              label={t("outsideEea")}
              options={yesNo}
              defaultValue={tbc(r.outsideEea)}
            />
            <TextField
              name="safeguard"
              label={t("safeguard")}
              hint={t("safeguardHint")}
              defaultValue={r.safeguard ?? ""}
            />
          </ActionForm>
        </details>
      ))}
    </>
  );
}
