"use client";

// Asking staff to correct the date of birth or personnummer. Checked with the same schema as the
// server (checksum, real date, the two agreeing); staff confirm the request before anything changes.
import { startTransition, useActionState, useEffect, useState, type BaseSyntheticEvent } from "react";
import { useTranslations } from "next-intl";
import { useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { requestIdentityCorrectionAction, type IdentityCorrectionFormState } from "@/app/actions/details";
import { identityCorrectionInput } from "@/lib/privacy/rectification/details.validation";
import { errorText, useHydrated } from "./details-form";

type Values = { dateOfBirth: string; personnummer: string; note: string };
const EMPTY: Values = { dateOfBirth: "", personnummer: "", note: "" };
const FIELDS = ["dateOfBirth", "personnummer", "note"] as const;

export function IdentityCorrectionForm({ waiting }: { waiting: boolean }) {
  const t = useTranslations("details");
  const [state, formAction, pending] = useActionState<IdentityCorrectionFormState, FormData>(
    requestIdentityCorrectionAction,
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
    resolver: zodResolver(identityCorrectionInput) as unknown as Resolver<Values>,
    defaultValues: EMPTY,
  });

  useEffect(() => {
    if (!state.at) return;
    if (state.result) reset(EMPTY);
    Object.entries(state.fieldErrors ?? {}).forEach(([name, code], i) => {
      if ((FIELDS as readonly string[]).includes(name))
        setError(name as keyof Values, { type: "server", message: code }, { shouldFocus: i === 0 });
    });
  }, [state, reset, setError]);

  const hydrated = useHydrated();
  // Before hydration (or without JavaScript) the server's field errors are shown as rendered.
  const fieldError = (name: keyof Values) => (hydrated ? errors[name]?.message : state.fieldErrors?.[name]);
  const invalid = FIELDS.some((n) => fieldError(n));
  const shown = state.at && state.at !== hiddenAt && !invalid ? state : null;
  const describe = (name: keyof Values, hint: boolean) =>
    [fieldError(name) ? `identity-${name}-error` : null, hint ? `identity-${name}-hint` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  const error = (name: keyof Values) => {
    const code = fieldError(name);
    return code ? (
      <span id={`identity-${name}-error`} className="error">
        {errorText(t, code)}
      </span>
    ) : null;
  };

  // Valid in the browser: send what was typed; the server parses it again with the same schema.
  const send = (e?: BaseSyntheticEvent) => {
    const form = e?.target;
    if (form instanceof HTMLFormElement) startTransition(() => formAction(new FormData(form)));
  };

  // One request at a time: while one is open there is no form, only where things stand.
  if (waiting) {
    return state.result === "requested" ? (
      <p className="notice ok" role="status">
        {t("identity.requested")}
      </p>
    ) : (
      <p className="notice">{t("identity.oneAtATime")}</p>
    );
  }

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
        <label htmlFor="identity-personnummer">{t("fields.personnummer")}</label>
        <input
          id="identity-personnummer"
          inputMode="numeric"
          autoComplete="off"
          defaultValue={state.values?.personnummer ?? ""}
          aria-invalid={fieldError("personnummer") ? true : undefined}
          aria-describedby={describe("personnummer", true)}
          {...register("personnummer")}
        />
        <span id="identity-personnummer-hint" className="hint">
          {t("identity.personnummerHint")}
        </span>
        {error("personnummer")}
      </div>
      <div className="field">
        <label htmlFor="identity-dateOfBirth">{t("fields.dateOfBirth")}</label>
        <input
          id="identity-dateOfBirth"
          type="date"
          defaultValue={state.values?.dateOfBirth ?? ""}
          aria-invalid={fieldError("dateOfBirth") ? true : undefined}
          aria-describedby={describe("dateOfBirth", true)}
          {...register("dateOfBirth")}
        />
        <span id="identity-dateOfBirth-hint" className="hint">
          {t("identity.dateHint")}
        </span>
        {error("dateOfBirth")}
      </div>
      <div className="field">
        <label htmlFor="identity-note">{t("fields.note")}</label>
        <textarea
          id="identity-note"
          rows={3}
          defaultValue={state.values?.note ?? ""}
          aria-invalid={fieldError("note") ? true : undefined}
          aria-describedby={describe("note", true)}
          {...register("note")}
        />
        <span id="identity-note-hint" className="hint">
          {t("identity.noteHint")}
        </span>
        {error("note")}
      </div>
      {invalid && (
        <p className="notice error" role="alert">
          {t("errors.invalid_input")}
        </p>
      )}
      {shown?.error && shown.error !== "invalid_input" && (
        <p className="notice error" role="alert">
          {errorText(t, shown.error === "not_allowed_now" ? "identity_already_open" : shown.error)}
        </p>
      )}
      {shown?.result === "requested" && (
        <p className="notice ok" role="status">
          {t("identity.requested")}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending}>
          {pending ? t("saving") : t("identity.submit")}
        </button>
      </div>
    </form>
  );
}
