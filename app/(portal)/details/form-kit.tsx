"use client";

// What the details page's forms share: the texts the page hands them (translated on the server), a
// hook that checks with the section's zod schema in the browser (the same schema the server parses
// with) before the server action runs, and the markup of one field. Errors from either side show
// beside the field, in the person's language, and what was typed stays in the form.
import {
  startTransition,
  useActionState,
  useEffect,
  useState,
  useSyncExternalStore,
  type BaseSyntheticEvent,
  type ReactNode,
} from "react";
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormRegisterReturn,
} from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { core } from "zod/mini";

/** Translated on the page, for every form on it. */
export type DetailsTexts = {
  saving: string;
  /** A text per error code: the schemas' field errors and the actions' errors. */
  errors: Record<string, string>;
  results: { saved: string; unchanged: string };
  told: { afterSave: string; automatic: string; staff: string };
};

/** The text for an error code, or the generic message for a code the messages do not know. */
export function errorText(texts: DetailsTexts, code: string): string {
  return texts.errors[code] ?? texts.errors.failed ?? code;
}

/** What the details actions answer with. */
type ActionState = {
  result?: string;
  values?: Record<string, string>;
  fieldErrors?: Record<string, string>;
  error?: string;
  at?: number;
};

/**
 * A form over a server action, checked in the browser first with the same schema the server uses.
 * `fields` must be a constant (it is compared in an effect).
 */
export function useCheckedForm<V extends Record<string, string>, S extends ActionState>({
  action,
  schema,
  fields,
  defaults,
}: {
  action: (prev: S, formData: FormData) => Promise<S>;
  schema: core.$ZodType<unknown, FieldValues>;
  fields: readonly string[];
  defaults: V;
}) {
  const [state, formAction, pending] = useActionState<S, FormData>(action, {} as Awaited<S>);
  // The server's last answer is hidden once a later attempt was refused in the browser.
  const [hiddenAt, setHiddenAt] = useState<number | undefined>(undefined);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<V>({
    // The schemas transform (e.g. "11451" -> "114 51"); the form sends what was typed and the server
    // parses it again, so only the resolver's verdict is used here.
    resolver: zodResolver(schema) as unknown as Resolver<V>,
    defaultValues: defaults as DefaultValues<V>,
  });

  useEffect(() => {
    if (!state.at) return;
    if (state.result && state.values) reset(state.values as V);
    Object.entries(state.fieldErrors ?? {})
      .filter(([name]) => fields.includes(name))
      .forEach(([name, code], i) =>
        setError(name as Path<V>, { type: "server", message: code }, { shouldFocus: i === 0 }),
      );
  }, [state, reset, setError, fields]);

  const hydrated = useHydrated();
  // Before hydration (or without JavaScript) the server's field errors are shown as rendered.
  const fieldError = (name: string): string | undefined =>
    hydrated
      ? (errors as Record<string, { message?: string } | undefined>)[name]?.message
      : state.fieldErrors?.[name];
  const invalid = fields.some((n) => fieldError(n));
  const shown = state.at && state.at !== hiddenAt && !invalid ? state : null;

  // Valid in the browser: send what was typed; the server parses it again with the same schema.
  const send = (e?: BaseSyntheticEvent) => {
    const form = e?.target;
    if (form instanceof HTMLFormElement) startTransition(() => formAction(new FormData(form)));
  };
  const onSubmit = handleSubmit(
    (_values, e) => send(e),
    () => setHiddenAt(state.at),
  );

  return { state, formAction, pending, register, fieldError, invalid, shown, onSubmit };
}

type Control =
  | {
      as?: "input";
      type?: "text" | "tel" | "email" | "date";
      autoComplete?: string;
      inputMode?: "text" | "tel" | "numeric";
    }
  | { as: "select"; options: { value: string; label: string }[] }
  | { as: "textarea"; rows?: number };

/** One field: label, control, hint and error, tied together with aria-describedby. */
export function Field({
  id,
  label,
  hint,
  error,
  defaultValue,
  registration,
  ...control
}: {
  id: string;
  label: string;
  hint?: string;
  /** The error's text, when there is one. */
  error?: string;
  defaultValue: string;
  registration: UseFormRegisterReturn;
} & Control) {
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  const common = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": described || undefined,
    defaultValue,
    ...registration,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control.as === "select" ? (
        <select {...common}>
          {control.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : control.as === "textarea" ? (
        <textarea {...common} rows={control.rows ?? 3} />
      ) : (
        <input
          {...common}
          type={control.type ?? "text"}
          autoComplete={control.autoComplete}
          inputMode={control.inputMode}
        />
      )}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * The end of a form: that the browser refused what was typed (`invalid`), the server's error, what
 * went well (`children`), and the button.
 */
export function FormEnd({
  texts,
  invalid,
  error,
  pending,
  submitLabel,
  children,
}: {
  texts: DetailsTexts;
  invalid?: boolean;
  /** An error code from the action; field errors stand beside their fields instead. */
  error?: string;
  pending: boolean;
  submitLabel: string;
  children?: ReactNode;
}) {
  return (
    <>
      {invalid && (
        <p className="notice error" role="alert">
          {errorText(texts, "invalid_input")}
        </p>
      )}
      {error && error !== "invalid_input" && (
        <p className="notice error" role="alert">
          {errorText(texts, error)}
        </p>
      )}
      {children}
      <div>
        <button type="submit" disabled={pending}>
          {pending ? texts.saving : submitLabel}
        </button>
      </div>
    </>
  );
}

const noSubscribe = () => () => {};

/** False on the server and during hydration, true once the browser runs the form. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}
