"use client";

// Asking to change the sign-in email: checked with the same schema as the server; the server then
// sends a link to the new address and tells the old one. Nothing changes until the link is used.
import { startTransition, useActionState, useEffect, useState, type BaseSyntheticEvent } from "react";
import { useTranslations } from "next-intl";
import { useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { requestEmailChangeAction, type EmailChangeFormState } from "@/app/actions/details";
import { emailChangeInput } from "@/lib/privacy/rectification/details.validation";
import { errorText, useHydrated } from "./details-form";

type Values = { newEmail: string };

export function EmailChangeForm() {
  const t = useTranslations("details");
  const [state, formAction, pending] = useActionState<EmailChangeFormState, FormData>(
    requestEmailChangeAction,
    {},
  );
  const [hiddenAt, setHiddenAt] = useState<number | undefined>(undefined);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<Values>({
    resolver: zodResolver(emailChangeInput) as unknown as Resolver<Values>,
    defaultValues: { newEmail: "" },
  });

  useEffect(() => {
    if (!state.at) return;
    if (state.result) reset({ newEmail: "" });
    for (const [name, code] of Object.entries(state.fieldErrors ?? {})) {
      if (name === "newEmail") setError("newEmail", { type: "server", message: code }, { shouldFocus: true });
    }
  }, [state, reset, setError]);

  const hydrated = useHydrated();
  // Before hydration (or without JavaScript) the server's field error is shown as rendered.
  const code = hydrated ? errors.newEmail?.message : state.fieldErrors?.newEmail;
  const shown = state.at && state.at !== hiddenAt && !code ? state : null;
  // Valid in the browser: send what was typed; the server parses it again with the same schema.
  const send = (e?: BaseSyntheticEvent) => {
    const form = e?.target;
    if (form instanceof HTMLFormElement) startTransition(() => formAction(new FormData(form)));
  };

  return (
    <form
      action={formAction}
      onSubmit={handleSubmit(
        (_values, e) => send(e),
        () => setHiddenAt(state.at),
      )}
      className="stack"
      noValidate
    >
      <div className="field">
        <label htmlFor="newEmail">{t("fields.newEmail")}</label>
        <input
          id="newEmail"
          type="email"
          autoComplete="email"
          defaultValue={state.values?.newEmail ?? ""}
          aria-invalid={code ? true : undefined}
          aria-describedby={code ? "newEmail-error newEmail-hint" : "newEmail-hint"}
          {...register("newEmail")}
        />
        <span id="newEmail-hint" className="hint">
          {t("email.hint")}
        </span>
        {code && (
          <span id="newEmail-error" className="error">
            {errorText(t, code)}
          </span>
        )}
      </div>
      {shown?.error && shown.error !== "invalid_input" && (
        <p className="notice error" role="alert">
          {errorText(t, shown.error)}
        </p>
      )}
      {shown?.result === "sent" && (
        <p className="notice ok" role="status">
          {t("email.sent")}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending}>
          {pending ? t("saving") : t("email.submit")}
        </button>
      </div>
    </form>
  );
}
