"use client";

// Asking staff to correct the date of birth or personnummer. Checked with the same schema as the
// server (checksum, real date, the two agreeing); staff confirm the request before anything changes.
import { requestIdentityCorrectionAction, type IdentityCorrectionFormState } from "@/app/actions/details";
import { errorText, Field, FormEnd, useCheckedForm, type DetailsTexts } from "./form-kit";
import { PostingForm } from "@/components/forms/posting-form";

/** Translated on the page. */
export type IdentityCorrectionTexts = {
  personnummer: string;
  personnummerHint: string;
  dateOfBirth: string;
  dateHint: string;
  note: string;
  noteHint: string;
  requested: string;
  oneAtATime: string;
  submit: string;
};

type Values = { dateOfBirth: string; personnummer: string; note: string };
const FIELDS = ["personnummer", "dateOfBirth", "note"] as const;
const loadSchema = () =>
  import("@/lib/privacy/rectification/details.validation").then((m) => m.identityCorrectionInput);

export function IdentityCorrectionForm({
  waiting,
  texts,
  labels,
}: {
  waiting: boolean;
  texts: DetailsTexts;
  labels: IdentityCorrectionTexts;
}) {
  const { state, pending, fieldError, invalid, shown, form } = useCheckedForm<
    Values,
    IdentityCorrectionFormState
  >({
    action: requestIdentityCorrectionAction,
    schema: loadSchema,
    fields: FIELDS,
  });
  const field = (name: keyof Values, label: string, hint: string) => {
    const code = fieldError(name);
    return {
      id: `identity-${name}`,
      name,
      label,
      hint,
      error: code && errorText(texts, code),
      defaultValue: state.values?.[name] ?? "",
    };
  };

  // One request at a time: while one is open there is no form, only where things stand.
  if (waiting) {
    return state.result === "requested" ? (
      <p className="notice ok" role="status">
        {labels.requested}
      </p>
    ) : (
      <p className="notice">{labels.oneAtATime}</p>
    );
  }

  return (
    <PostingForm {...form} className="stack">
      <Field
        {...field("personnummer", labels.personnummer, labels.personnummerHint)}
        inputMode="numeric"
        autoComplete="off"
      />
      <Field {...field("dateOfBirth", labels.dateOfBirth, labels.dateHint)} type="date" />
      <Field {...field("note", labels.note, labels.noteHint)} as="textarea" rows={3} />
      <FormEnd
        texts={texts}
        invalid={invalid}
        // While a request is open the server refuses another; say so in the form's own words.
        error={shown?.error === "not_allowed_now" ? "identity_already_open" : shown?.error}
        pending={pending}
        submitLabel={labels.submit}
      >
        {shown?.result === "requested" && (
          <p className="notice ok" role="status">
            {labels.requested}
          </p>
        )}
      </FormEnd>
    </PostingForm>
  );
}
