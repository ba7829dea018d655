"use client";

// Asking to change the sign-in email: checked with the same schema as the server; the server then
// sends a link to the new address and tells the old one. Nothing changes until the link is used.
import { requestEmailChangeAction } from "@/app/actions/details";
import { ActionForm, TextField } from "@/components/forms/form-kit";
import type { DetailsTexts } from "./details-form";

/** Translated on the page. */
export type EmailChangeTexts = { label: string; hint: string; submit: string };

const loadSchema = () =>
  import("@/lib/privacy/rectification/details.validation").then((m) => m.emailChangeInput);

export function EmailChangeForm({ texts, labels }: { texts: DetailsTexts; labels: EmailChangeTexts }) {
  return (
    <ActionForm
      action={requestEmailChangeAction}
      submitLabel={labels.submit}
      pendingLabel={texts.saving}
      check={{ schema: loadSchema, fields: ["newEmail"], messages: texts.errors }}
    >
      <TextField
        id="newEmail"
        name="newEmail"
        label={labels.label}
        hint={labels.hint}
        type="email"
        autoComplete="email"
      />
    </ActionForm>
  );
}
