"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { requestLinkAction, type SignInFormState } from "@/app/actions/sign-in";

export function SignInForm({ next }: { next?: string }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<SignInFormState, FormData>(requestLinkAction, {});
  const fieldError = state.error === "email_required" || state.error === "email_invalid" ? state.error : null;
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="next" value={next ?? ""} />
      <div className="field">
        <label htmlFor="email">{t("emailLabel")}</label>
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
          {t("emailHint")}
        </span>
        {fieldError && (
          <span id="email-error" className="error" role="alert">
            {t(`errors.${fieldError}`)}
          </span>
        )}
      </div>
      {state.error === "failed" && (
        <p className="notice error" role="alert">
          {t("errors.failed")}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending}>
          {pending ? t("sending") : t("sendLink")}
        </button>
      </div>
    </form>
  );
}
