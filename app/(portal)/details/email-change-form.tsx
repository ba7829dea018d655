"use client";

// Asking to change the sign-in email: checked with the same schema as the server; the server then
// sends a link to the new address and tells the old one. Nothing changes until the link is used.
import { requestEmailChangeAction, type EmailChangeFormState } from "@/app/actions/details";
import { errorText, Field, FormEnd, useCheckedForm, type DetailsTexts } from "./form-kit";
import { PostingForm } from "@/components/forms/posting-form";

/** Translated on the page. */
export type EmailChangeTexts = { label: string; hint: string; sent: string; submit: string };

const FIELDS = ["newEmail"] as const;
const loadSchema = () =>
  import("@/lib/privacy/rectification/details.validation").then((m) => m.emailChangeInput);

export function EmailChangeForm({ texts, labels }: { texts: DetailsTexts; labels: EmailChangeTexts }) {
  const { state, pending, fieldError, shown, form } = useCheckedForm<
    { newEmail: string },
    EmailChangeFormState
  >({
    action: requestEmailChangeAction,
    schema: loadSchema,
    fields: FIELDS,
  });
  const code = fieldError("newEmail");

  return (
    <PostingForm {...form} className="stack">
      <Field
        id="newEmail"
        name="newEmail"
        label={labels.label}
        hint={labels.hint}
        error={code && errorText(texts, code)}
        defaultValue={state.values?.newEmail ?? ""}
        type="email"
        autoComplete="email"
      />
      <FormEnd texts={texts} error={shown?.error} pending={pending} submitLabel={labels.submit}>
        {shown?.result === "sent" && (
          <p className="notice ok" role="status">
            {labels.sent}
          </p>
        )}
      </FormEnd>
    </PostingForm>
  );
}
