// One connector's forms on the settings page: its settings and credential, test connection, enable or
// disable, remove. A server component: every text is translated here and handed to the form kit,
// which shows the actions' answers (app/actions/staff-connectors.ts).
import { getTranslations } from "next-intl/server";
import { ActionForm, TextField } from "@/components/forms/form-kit";
import {
  removeConnectorAction,
  saveConnectorAction,
  setConnectorEnabledAction,
  testConnectionAction,
} from "@/app/actions/staff-connectors";
import { FORM_FIELDS, type ConnectorAdminView } from "@/lib/connectors/admin";

const MULTILINE = new Set(["lists", "mailboxes", "key"]);
const WITH_HINT = new Set([
  "siteId",
  "apiKey",
  "tenantId",
  "clientId",
  "lists",
  "mailboxes",
  "propertyId",
  "key",
]);

export async function ConnectorForms({ view, name }: { view: ConnectorAdminView; name: string }) {
  const t = await getTranslations("connectors");
  const fields = FORM_FIELDS[view.key];
  // A connector's own hint for a field first (PayPal's client id is not Microsoft's), then the shared one.
  const hint = (field: string) => {
    const own = `hints.${view.key}_${field}`;
    if (t.has(own as never)) return t(own as never);
    return WITH_HINT.has(field) || field.endsWith("Url") ? t(`hints.${field}` as never) : undefined;
  };
  const hidden = { connector: view.key };
  const secretHint = [hint(fields.secret), view.hasSecret ? t("secretStored") : t("secretMissing")]
    .filter(Boolean)
    .join(" ");
  return (
    <>
      <h3>{t("formTitle")}</h3>
      <ActionForm
        action={saveConnectorAction}
        submitLabel={t("save")}
        label={t("formLabel", { name })}
        hidden={hidden}
        idPrefix={`connector-${view.key}`}
      >
        {fields.settings.map((field) => (
          <TextField
            key={field}
            name={field}
            label={t(`fields.${field}` as never)}
            hint={hint(field)}
            defaultValue={view.form[field] ?? ""}
            multiline={MULTILINE.has(field)}
            rows={field === "lists" ? 4 : 3}
            inputMode={field === "propertyId" ? "numeric" : undefined}
          />
        ))}
        <TextField
          name={fields.secret}
          label={t(`fields.${fields.secret}` as never)}
          hint={secretHint}
          defaultValue=""
          multiline={MULTILINE.has(fields.secret)}
          rows={6}
        />
      </ActionForm>
      {view.status !== "not_configured" && (
        <div className="connector-actions">
          <ActionForm
            action={testConnectionAction}
            submitLabel={t("test")}
            pendingLabel={t("testing")}
            label={t("testLabel", { name })}
            hidden={hidden}
            variant="secondary"
          />
          <ActionForm
            action={setConnectorEnabledAction}
            submitLabel={view.enabled ? t("disable") : t("enable")}
            label={view.enabled ? t("disableLabel", { name }) : t("enableLabel", { name })}
            hidden={{ ...hidden, enabled: view.enabled ? "false" : "true" }}
            variant="secondary"
          />
          <ActionForm
            action={removeConnectorAction}
            submitLabel={t("remove")}
            label={t("removeLabel", { name })}
            hidden={hidden}
            variant="danger"
          />
        </div>
      )}
    </>
  );
}
