"use client";

import { requestLinkAction } from "@/app/actions/sign-in";
import { ActionForm, TextField } from "@/components/forms/form-kit";

/** Translated on the page. */
export type SignInTexts = {
  emailLabel: string;
  emailHint: string;
  sendLink: string;
  sending: string;
};

export function SignInForm({ next, texts }: { next?: string; texts: SignInTexts }) {
  return (
    <ActionForm
      action={requestLinkAction}
      submitLabel={texts.sendLink}
      pendingLabel={texts.sending}
      hidden={{ next: next ?? "" }}
    >
      <TextField
        id="email"
        name="email"
        label={texts.emailLabel}
        hint={texts.emailHint}
        type="email"
        autoComplete="email"
        required
      />
    </ActionForm>
  );
}
