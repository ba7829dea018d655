// The person's form for a restriction of processing (GDPR Art. 18) or an objection (Art. 21(1)).
// A server component: drop it onto a portal page as <RestrictionRequestForm />. It checks the actor
// itself; staff viewing the portal as the person see a notice instead (only the person can file).
import { getTranslations } from "next-intl/server";
import { getActor } from "@/lib/auth/actor";
import { RESTRICTION_GROUNDS } from "@/lib/staff/validation";
import { fileOwnRequestAction } from "@/app/actions/restriction";
import { ActionForm, RadioField, TextField } from "@/components/forms/form-kit";
import { PageSection } from "@/components/page-section";

export async function RestrictionRequestForm() {
  const t = await getTranslations("staffconsole.restrictionForm");
  const actor = await getActor();
  return (
    <PageSection id="restriction-form-heading" heading={t("heading")} lead={t("lead")} card>
      <ul>
        <li>{t("restrictionExplained")}</li>
        <li>{t("objectionExplained")}</li>
      </ul>
      {actor?.kind !== "person" ? (
        <p className="notice warn">{t("personOnly")}</p>
      ) : (
        <ActionForm action={fileOwnRequestAction} submitLabel={t("submit")}>
          <RadioField
            name="type"
            legend={t("typeLegend")}
            defaultValue="restriction"
            options={[
              { value: "restriction", label: t("types.restriction") },
              { value: "objection", label: t("types.objection") },
            ]}
          />
          <RadioField
            name="ground"
            legend={t("groundLegend")}
            hint={t("groundHint")}
            options={RESTRICTION_GROUNDS.map((g) => ({ value: g, label: t(`grounds.${g}`) }))}
          />
          <TextField name="details" label={t("detailsLabel")} hint={t("detailsHint")} multiline rows={4} />
        </ActionForm>
      )}
    </PageSection>
  );
}
