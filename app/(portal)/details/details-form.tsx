"use client";

// One section of the details page, checked in the browser with the section's schema before it is
// sent; the schema module is only imported when the form is first checked.
import { saveDetailsAction, type DetailsFormState } from "@/app/actions/details";
import type { DetailsSection } from "@/lib/privacy/rectification/details.validation";
import { ActionForm, SelectField, TextField } from "@/components/forms/form-kit";

export type FieldSpec = {
  name: string;
  label: string;
  hint?: string;
  type?: "text" | "tel" | "select";
  autoComplete?: string;
  inputMode?: "text" | "tel" | "numeric";
  options?: { value: string; label: string }[];
};

/** Translated on the page, for every form on it. */
export type DetailsTexts = {
  saving: string;
  /** A text per error code the schemas answer with in the browser. */
  errors: Record<string, string>;
};

export function DetailsForm({
  section,
  fields,
  defaults,
  submitLabel,
  texts,
}: {
  section: DetailsSection;
  fields: FieldSpec[];
  defaults: Record<string, string>;
  submitLabel: string;
  texts: DetailsTexts;
}) {
  return (
    <ActionForm
      action={saveDetailsAction}
      submitLabel={submitLabel}
      pendingLabel={texts.saving}
      hidden={{ section }}
      idPrefix={section}
      check={{
        schema: () =>
          import("@/lib/privacy/rectification/details.validation").then((m) => m.SECTION_SCHEMAS[section]),
        fields: fields.map((f) => f.name),
        messages: texts.errors,
      }}
      okDetail={toldList}
    >
      {fields.map((f) => {
        const common = {
          name: f.name,
          label: f.label,
          hint: f.hint,
          defaultValue: defaults[f.name] ?? "",
        };
        return f.type === "select" ? (
          <SelectField {...common} key={f.name} options={f.options ?? []} />
        ) : (
          <TextField
            {...common}
            key={f.name}
            type={f.type === "tel" ? "tel" : "text"}
            autoComplete={f.autoComplete}
            inputMode={f.inputMode}
          />
        );
      })}
    </ActionForm>
  );
}

function toldList(state: DetailsFormState) {
  if (!state.told) return null;
  return (
    <>
      <p>{state.told.lead}</p>
      <ul>
        {state.told.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </>
  );
}
