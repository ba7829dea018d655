import { getFormatter, getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/actor";
import { API_SCOPES, listApiKeys } from "@/lib/staff/api-keys";
import { revokeApiKeyAction } from "@/app/actions/staff-api-keys";
import { CreateApiKeyForm } from "./create-form";
import { PostingForm } from "@/components/forms/posting-form";
import { pageTitle } from "@/lib/i18n/page";
import { DataTable } from "@/components/data-table";

export const generateMetadata = pageTitle("import.apiKeys");

export default async function ApiKeysPage() {
  const actor = await requireStaff("admin.settings");
  const t = await getTranslations("import.apiKeys");
  const format = await getFormatter();
  const keys = await listApiKeys(actor);
  const scopeName = (scope: string) => t(`scopeNames.${scope.replace("ingest:", "")}` as never);
  const when = (d: Date | null) =>
    d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "short" }) : t("never");
  return (
    <>
      <p>
        <a href="/staff/settings">{t("back")}</a>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <p>
        {t.rich("docs", {
          endpoint: () => <code>POST /api/ingest/&#123;type&#125;</code>,
          spec: (chunks) => <a href="/api/ingest/openapi.json">{chunks}</a>,
        })}
      </p>

      <h2>{t("listTitle")}</h2>
      <DataTable
        caption={t("listTitle")}
        columns={[t("name"), t("key"), t("scopes"), t("created"), t("lastUsed"), t("status")]}
        rows={keys}
        empty={t("empty")}
        row={(k) => (
          <tr key={k.id}>
            <td>{k.name}</td>
            <td>
              <code>ppk_{k.prefix}_…</code>
            </td>
            <td>{k.scopes.map((s) => t(`scopeNames.${s.replace("ingest:", "")}` as never)).join(", ")}</td>
            <td>{when(k.createdAt)}</td>
            <td>{when(k.lastUsedAt)}</td>
            <td>
              {k.revokedAt ? (
                <span className="badge">{t("revokedAt", { when: when(k.revokedAt) })}</span>
              ) : (
                <>
                  <span className="badge ok">{t("active")}</span>{" "}
                  <PostingForm action={revokeApiKeyAction} className="inline-form">
                    <input type="hidden" name="keyId" value={k.id} />
                    <button type="submit" className="danger" aria-label={t("revokeNamed", { name: k.name })}>
                      {t("revoke")}
                    </button>
                  </PostingForm>
                </>
              )}
            </td>
          </tr>
        )}
      />

      <h2>{t("createTitle")}</h2>
      <CreateApiKeyForm
        scopes={API_SCOPES.map((s) => ({ value: s, label: scopeName(s) }))}
        labels={{
          name: t("name"),
          nameHint: t("nameHint"),
          scopes: t("scopes"),
          create: t("create"),
          createdLabel: t("createdLabel"),
          createdHint: t("createdHint"),
        }}
      />
    </>
  );
}
