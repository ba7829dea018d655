"use client";

// One section of the details page, checked with the section's schema before sending (see form-kit).
// The schema module is only imported when the form is first checked.
import { useMemo } from "react";
import { saveDetailsAction, type DetailsFormState } from "@/app/actions/details";
import type { DetailsSection } from "@/lib/privacy/rectification/details.validation";
import { errorText, Field, FormEnd, useCheckedForm, type DetailsTexts } from "./form-kit";
import { PostingForm } from "@/components/forms/posting-form";

export type FieldSpec = {
  name: string;
  label: string;
  hint?: string;
  type?: "text" | "tel" | "select";
  autoComplete?: string;
  inputMode?: "text" | "tel" | "numeric";
  options?: { value: string; label: string }[];
};

type Values = Record<string, string>;

export function DetailsForm({
  section,
  fields,
  defaults,
  submitLabel,
  texts,
}: {
  section: DetailsSection;
  fields: FieldSpec[];
  defaults: Values;
  submitLabel: string;
  texts: DetailsTexts;
}) {
  const names = useMemo(() => fields.map((f) => f.name), [fields]);
  const { state, pending, fieldError, invalid, shown, form } = useCheckedForm<Values, DetailsFormState>({
    action: saveDetailsAction,
    schema: () =>
      import("@/lib/privacy/rectification/details.validation").then((m) => m.SECTION_SCHEMAS[section]),
    fields: names,
  });

  return (
    <PostingForm {...form} className="stack">
      <input type="hidden" name="section" value={section} />
      {fields.map((f) => {
        const code = fieldError(f.name);
        const common = {
          id: `${section}-${f.name}`,
          name: f.name,
          label: f.label,
          hint: f.hint,
          error: code && errorText(texts, code),
          defaultValue: state.values?.[f.name] ?? defaults[f.name] ?? "",
        };
        return f.type === "select" ? (
          <Field key={f.name} {...common} as="select" options={f.options ?? []} />
        ) : (
          <Field
            key={f.name}
            {...common}
            type={f.type === "tel" ? "tel" : "text"}
            autoComplete={f.autoComplete}
            inputMode={f.inputMode}
          />
        );
      })}
      <FormEnd
        texts={texts}
        invalid={invalid}
        error={shown?.error}
        pending={pending}
        submitLabel={submitLabel}
      >
        {shown?.result && (
          <div className="notice ok" role="status">
            <p>{texts.results[shown.result]}</p>
            {shown.told && shown.told.length > 0 && (
              <>
                <p>{texts.told.afterSave}</p>
                <ul>
                  {shown.told.map((r) => (
                    <li key={r.name}>
                      {r.name}: {r.how === "connector" ? texts.told.automatic : texts.told.staff}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </FormEnd>
    </PostingForm>
  );
}
