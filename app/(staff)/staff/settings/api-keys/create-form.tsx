"use client";

import { createApiKeyAction, type ApiKeyFormState } from "@/app/actions/staff-api-keys";
import { ActionForm, CheckboxGroupField, TextField } from "@/components/forms/form-kit";

/** The texts come translated from the page (a server component); the action answers in the same language. */
export type CreateApiKeyLabels = {
  name: string;
  nameHint: string;
  scopes: string;
  create: string;
  createdLabel: string;
  createdHint: string;
};

export function CreateApiKeyForm({
  scopes,
  labels,
}: {
  scopes: { value: string; label: string }[];
  labels: CreateApiKeyLabels;
}) {
  return (
    <ActionForm<ApiKeyFormState>
      action={createApiKeyAction}
      submitLabel={labels.create}
      idPrefix="api-key"
      okDetail={(state) =>
        state.created && (
          <div className="field">
            <label htmlFor="new-api-key">{labels.createdLabel}</label>
            <input id="new-api-key" readOnly value={state.created.key} aria-describedby="new-api-key-hint" />
            <span id="new-api-key-hint" className="hint">
              {labels.createdHint}
            </span>
          </div>
        )
      }
    >
      <TextField name="name" label={labels.name} hint={labels.nameHint} maxLength={80} />
      <CheckboxGroupField
        name="scopes"
        legend={labels.scopes}
        options={scopes.map((s) => ({
          value: s.value,
          label: (
            <>
              {s.label} <code>{s.value}</code>
            </>
          ),
        }))}
      />
    </ActionForm>
  );
}
