"use client";

import { useActionState } from "react";
import { createApiKeyAction, type ApiKeyFormState } from "@/app/actions/staff-api-keys";
import { PostingForm } from "@/components/forms/posting-form";

/** The texts come translated from the page (a server component): no messages are sent to the browser. */
export type CreateApiKeyLabels = {
  name: string;
  nameHint: string;
  scopes: string;
  create: string;
  createdTitle: string;
  createdLabel: string;
  createdHint: string;
  errors: Record<string, string>;
};

export function CreateApiKeyForm({
  scopes,
  labels,
}: {
  scopes: { value: string; label: string }[];
  labels: CreateApiKeyLabels;
}) {
  const [state, action, pending] = useActionState<ApiKeyFormState, FormData>(createApiKeyAction, {});
  const chosen = new Set(state.values?.scopes ?? []);
  const nameError = state.fieldErrors?.name;
  const scopesError = state.fieldErrors?.scopes;
  const message = (code: string) => labels.errors[code] ?? labels.errors.failed;
  return (
    <>
      {state.created && (
        <div className="notice ok" role="status">
          <p>
            <strong>{labels.createdTitle.replace("{name}", state.created.name)}</strong>
          </p>
          <div className="field">
            <label htmlFor="new-api-key">{labels.createdLabel}</label>
            <input id="new-api-key" readOnly value={state.created.key} aria-describedby="new-api-key-hint" />
            <span id="new-api-key-hint" className="hint">
              {labels.createdHint}
            </span>
          </div>
        </div>
      )}
      <PostingForm action={action} className="stack" noValidate>
        <div className="field">
          <label htmlFor="api-key-name">{labels.name}</label>
          <span id="api-key-name-hint" className="hint">
            {labels.nameHint}
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
              {message(nameError)}
            </span>
          )}
        </div>
        <fieldset className="field" aria-describedby={scopesError ? "api-key-scopes-error" : undefined}>
          <legend>{labels.scopes}</legend>
          {scopes.map((s) => (
            <div key={s.value}>
              <input
                type="checkbox"
                id={`scope-${s.value}`}
                name="scopes"
                value={s.value}
                defaultChecked={!state.created && chosen.has(s.value)}
              />{" "}
              <label htmlFor={`scope-${s.value}`}>
                {s.label} <code>{s.value}</code>
              </label>
            </div>
          ))}
          {scopesError && (
            <span id="api-key-scopes-error" className="error" role="alert">
              {message(scopesError)}
            </span>
          )}
        </fieldset>
        {state.error && (
          <p className="notice error" role="alert">
            {message("failed")}
          </p>
        )}
        <div>
          <button type="submit" disabled={pending}>
            {labels.create}
          </button>
        </div>
      </PostingForm>
    </>
  );
}
