"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { createApiKeyAction, type ApiKeyFormState } from "@/app/actions/staff-api-keys";

export function CreateApiKeyForm({ scopes }: { scopes: string[] }) {
  const t = useTranslations("import.apiKeys");
  const [state, action, pending] = useActionState<ApiKeyFormState, FormData>(createApiKeyAction, {});
  const chosen = new Set(state.values?.scopes ?? []);
  const nameError = state.fieldErrors?.name;
  const scopesError = state.fieldErrors?.scopes;
  return (
    <>
      {state.created && (
        <div className="notice ok" role="status">
          <p>
            <strong>{t("createdTitle", { name: state.created.name })}</strong>
          </p>
          <div className="field">
            <label htmlFor="new-api-key">{t("createdLabel")}</label>
            <input id="new-api-key" readOnly value={state.created.key} aria-describedby="new-api-key-hint" />
            <span id="new-api-key-hint" className="hint">
              {t("createdHint")}
            </span>
          </div>
        </div>
      )}
      <form action={action} className="stack" noValidate>
        <div className="field">
          <label htmlFor="api-key-name">{t("name")}</label>
          <span id="api-key-name-hint" className="hint">
            {t("nameHint")}
          </span>
          <input
            id="api-key-name"
            name="name"
            maxLength={80}
            defaultValue={state.created ? "" : state.values?.name}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "api-key-name-hint api-key-name-error" : "api-key-name-hint"}
          />
          {nameError && (
            <span id="api-key-name-error" className="error" role="alert">
              {t(`errors.${nameError}` as never)}
            </span>
          )}
        </div>
        <fieldset className="field" aria-describedby={scopesError ? "api-key-scopes-error" : undefined}>
          <legend>{t("scopes")}</legend>
          {scopes.map((s) => (
            <div key={s}>
              <input
                type="checkbox"
                id={`scope-${s}`}
                name="scopes"
                value={s}
                defaultChecked={!state.created && chosen.has(s)}
              />{" "}
              <label htmlFor={`scope-${s}`}>
                {t(`scopeNames.${s.replace("ingest:", "")}` as never)} <code>{s}</code>
              </label>
            </div>
          ))}
          {scopesError && (
            <span id="api-key-scopes-error" className="error" role="alert">
              {t(`errors.${scopesError}` as never)}
            </span>
          )}
        </fieldset>
        {state.error && (
          <p className="notice error" role="alert">
            {t("errors.failed")}
          </p>
        )}
        <div>
          <button type="submit" disabled={pending}>
            {t("create")}
          </button>
        </div>
      </form>
    </>
  );
}
