"use client";

// Asking staff to correct the date of birth or personnummer. Checked with the same schema as the
// server (checksum, real date, the two agreeing); staff confirm the request before anything changes.
import { requestIdentityCorrectionAction } from "@/app/actions/details";
import { ActionForm, TextField } from "@/components/forms/form-kit";
import type { DetailsTexts } from "./details-form";

/** Translated on the page. */
export type IdentityCorrectionTexts = {
  personnummer: string;
  personnummerHint: string;
  dateOfBirth: string;
  dateHint: string;
  note: string;
  noteHint: string;
  oneAtATime: string;
  submit: string;
};

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
  return (
    <ActionForm
      action={requestIdentityCorrectionAction}
      submitLabel={labels.submit}
      pendingLabel={texts.saving}
      idPrefix="identity"
      check={{ schema: loadSchema, fields: FIELDS, messages: texts.errors }}
      // One request at a time: while one is open there is no form, only where things stand.
      closed={waiting ? <p className="notice">{labels.oneAtATime}</p> : undefined}
    >
      <TextField
        name="personnummer"
        label={labels.personnummer}
        hint={labels.personnummerHint}
        inputMode="numeric"
        autoComplete="off"
      />
      <TextField name="dateOfBirth" label={labels.dateOfBirth} hint={labels.dateHint} type="date" />
      <TextField name="note" label={labels.note} hint={labels.noteHint} multiline rows={3} />
    </ActionForm>
  );
}
