"use client";

// Asking to change the sign-in email: checked with the same schema as the server; the server then
// sends a link to the new address and tells the old one. Nothing changes until the link is used.
import { requestEmailChangeAction, type EmailChangeFormState } from "@/app/actions/details";
import { emailChangeInput } from "@/lib/privacy/rectification/details.validation";
import { errorText, Field, FormEnd, useCheckedForm, type DetailsTexts } from "./form-kit";

/** Translated on the page. */
export type EmailChangeTexts = { label: string; hint: string; sent: string; submit: string };

const FIELDS = ["newEmail"] as const;

export function EmailChangeForm({ texts, labels }: { texts: DetailsTexts; labels: EmailChangeTexts }) {
  const { state, formAction, pending, register, fieldError, shown, onSubmit } = useCheckedForm<
    { newEmail: string },
    EmailChangeFormState
  >({
    action: requestEmailChangeAction,
    schema: emailChangeInput,
    fields: FIELDS,
    defaults: { newEmail: "" },
  });
  const code = fieldError("newEmail");

  return (
    <form action={formAction} onSubmit={onSubmit} className="stack" noValidate>
      <Field
        id="newEmail"
        label={labels.label}
        hint={labels.hint}
        error={code && errorText(texts, code)}
        defaultValue={state.values?.newEmail ?? ""}
        registration={register("newEmail")}
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
    </form>
  );
}
