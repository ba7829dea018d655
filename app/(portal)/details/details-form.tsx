"use client";

// One section of the details page. The form checks with the section's zod schema before sending
// (the same schema the server checks with); errors from either side show beside the field, in the
// person's language, and what was typed stays in the form.
import {
  startTransition,
  useActionState,
  useEffect,
  useState,
  useSyncExternalStore,
  type BaseSyntheticEvent,
} from "react";
import { useTranslations } from "next-intl";
import { useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { saveDetailsAction, type DetailsFormState } from "@/app/actions/details";
import { SECTION_SCHEMAS, type DetailsSection } from "@/lib/privacy/rectification/details.validation";

export type FieldSpec = {
  name: string;
  label: string;
  hint?: string;
  type?: "text" | "tel" | "select";
  autoComplete?: string;
  inputMode?: "text" | "tel" | "numeric";
  options?: { value: string; label: string }[];
};

type Values = Record<string, string>;

export function DetailsForm({
  section,
  fields,
  defaults,
  submitLabel,
}: {
  section: DetailsSection;
  fields: FieldSpec[];
  defaults: Values;
  submitLabel: string;
}) {
  const t = useTranslations("details");
  const [state, formAction, pending] = useActionState<DetailsFormState, FormData>(saveDetailsAction, {});
  // The server's last answer is hidden once a later attempt was refused in the browser.
  const [hiddenAt, setHiddenAt] = useState<number | undefined>(undefined);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<Values>({
    // The schemas transform (e.g. "11451" -> "114 51"); the form sends what was typed and the server
    // parses it again, so only the resolver's verdict is used here.
    resolver: zodResolver(SECTION_SCHEMAS[section]) as unknown as Resolver<Values>,
    defaultValues: defaults,
  });

  useEffect(() => {
    if (!state.at) return;
    if (state.result && state.values) reset(state.values);
    const entries = Object.entries(state.fieldErrors ?? {});
    entries.forEach(([name, code], i) =>
      setError(name, { type: "server", message: code }, { shouldFocus: i === 0 }),
    );
  }, [state, reset, setError]);

  const hydrated = useHydrated();
  // Before hydration (or without JavaScript) the server's field errors are shown as rendered.
  const fieldError = (name: string) => (hydrated ? errors[name]?.message : state.fieldErrors?.[name]);
  const invalid = fields.map((f) => f.name).some((n) => fieldError(n));
  const shown = state.at && state.at !== hiddenAt && !invalid ? state : null;

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
      <input type="hidden" name="section" value={section} />
      {fields.map((f) => {
        const id = `${section}-${f.name}`;
        const code = fieldError(f.name);
        const described = [code ? `${id}-error` : null, f.hint ? `${id}-hint` : null]
          .filter(Boolean)
          .join(" ");
        const common = {
          id,
          "aria-invalid": code ? true : undefined,
          "aria-describedby": described || undefined,
          defaultValue: state.values?.[f.name] ?? defaults[f.name] ?? "",
          ...register(f.name),
        };
        return (
          <div className="field" key={f.name}>
            <label htmlFor={id}>{f.label}</label>
            {f.type === "select" ? (
              <select {...common}>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={f.type === "tel" ? "tel" : "text"}
                autoComplete={f.autoComplete}
                inputMode={f.inputMode}
              />
            )}
            {f.hint && (
              <span id={`${id}-hint`} className="hint">
                {f.hint}
              </span>
            )}
            {code && (
              <span id={`${id}-error`} className="error">
                {errorText(t, code)}
              </span>
            )}
          </div>
        );
      })}
      {invalid && (
        <p className="notice error" role="alert">
          {t("errors.invalid_input")}
        </p>
      )}
      {shown?.error && shown.error !== "invalid_input" && (
        <p className="notice error" role="alert">
          {errorText(t, shown.error)}
        </p>
      )}
      {shown?.result && (
        <div className="notice ok" role="status">
          <p>{t(`results.${shown.result}`)}</p>
          {shown.told && shown.told.length > 0 && (
            <>
              <p>{t("told.afterSave")}</p>
              <ul>
                {shown.told.map((r) => (
                  <li key={r.name}>
                    {r.name}: {r.how === "connector" ? t("told.automatic") : t("told.staff")}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <div>
        <button type="submit" disabled={pending}>
          {pending ? t("saving") : submitLabel}
        </button>
      </div>
    </form>
  );
}

/** The text for an error code, or the generic message for a code the messages do not know. */
export function errorText(t: ReturnType<typeof useTranslations<"details">>, code: string): string {
  const key = `errors.${code}`;
  return t.has(key as never) ? t(key as never) : t("errors.failed");
}

const noSubscribe = () => () => {};

/** False on the server and during hydration, true once the browser runs the form. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}
