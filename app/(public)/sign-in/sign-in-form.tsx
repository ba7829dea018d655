"use client";

import { useActionState } from "react";
import { requestLinkAction, type SignInFormState } from "@/app/actions/sign-in";
import { PostingForm } from "@/components/forms/posting-form";

/** Translated on the page: labels, and a text per error code. */
export type SignInTexts = {
  emailLabel: string;
  emailHint: string;
  sendLink: string;
  sending: string;
  errors: Record<string, string>;
};

export function SignInForm({ next, texts }: { next?: string; texts: SignInTexts }) {
  const [state, action, pending] = useActionState<SignInFormState, FormData>(requestLinkAction, {});
  const fieldError = state.error === "email_required" || state.error === "email_invalid" ? state.error : null;
  return (
    <PostingForm action={action} className="stack" noValidate>
      <input type="hidden" name="next" value={next ?? ""} />
      <div className="field">
        <label htmlFor="email">{texts.emailLabel}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? "email-error" : "email-hint"}
        />
        <span id="email-hint" className="hint">
          {texts.emailHint}
        </span>
        {fieldError && (
          <span id="email-error" className="error" role="alert">
            {texts.errors[fieldError]}
          </span>
        )}
      </div>
      {state.error === "failed" && (
        <p className="notice error" role="alert">
          {texts.errors.failed}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending}>
          {pending ? texts.sending : texts.sendLink}
        </button>
      </div>
    </PostingForm>
  );
}
