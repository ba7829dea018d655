"use client";

// What the details page's forms share: the texts the page hands them (translated on the server), a
// hook that checks with the section's zod schema in the browser (the same schema the server parses
// with) before the server action runs, and the markup of one field. Errors from either side show
// beside the field, in the person's language, and what was typed stays in the form.
//
// Plain React: the form is uncontrolled and posts to the server action (so it works before the
// script runs, or without it); with the script, a submit is checked first. The schema module (and
// zod/mini with it) is loaded on the first check, not with the page
// (docs/decisions/0012-client-javascript-budget.md).
import {
  startTransition,
  useActionState,
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from "react";

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

type Issue = {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
};
type CheckResult = { readonly issues?: ReadonlyArray<Issue> | undefined };

/**
 * What the browser needs of a schema: the Standard Schema interface (`~standard`) that every zod
 * schema has, so this file imports nothing of zod. The schema's input must fit the form's values.
 */
export type FormSchema<V> = {
  readonly "~standard": {
    readonly validate: (value: unknown) => CheckResult | Promise<CheckResult>;
    readonly types?: { readonly input: V } | undefined;
  };
};

/**
 * Loads the form's schema, e.g.
 * `() => import("@/lib/privacy/rectification/details.validation").then((m) => m.nameInput)`.
 * A form must not import the schema module statically, or zod is back in the page's first load.
 */
export type SchemaLoader<V> = () => Promise<FormSchema<V>>;

type Errors = Record<string, string>;
type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/**
 * A form over a server action, checked in the browser first with the same schema the server uses.
 * Spread `form` on the <form>; give each control the field's `name`.
 */
export function useCheckedForm<V extends Record<string, string>, S extends ActionState>({
  action,
  schema,
  fields,
}: {
  action: (prev: S, formData: FormData) => Promise<S>;
  schema: SchemaLoader<V>;
  /** The form's fields, in the order they are shown (the first invalid one gets the focus). */
  fields: readonly (keyof V & string)[];
}) {
  const [state, formAction, pending] = useActionState<S, FormData>(action, {} as Awaited<S>);
  // Before the script runs (or without it) the server's field errors are rendered as they came.
  const [errors, setErrors] = useState<Errors>(() => onlyFields(state.fieldErrors, fields));
  // The server's last answer is hidden once a later attempt was refused in the browser.
  const [hiddenAt, setHiddenAt] = useState<number | undefined>(undefined);

  // A new answer from the server: its field errors replace the browser's.
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setErrors(onlyFields(state.fieldErrors, fields));
  }

  const formRef = useRef<HTMLFormElement>(null);
  // After a submit, until a save succeeds, a field is checked again as it is corrected.
  const recheck = useRef(false);
  const checking = useRef(false);
  const checks = useRef<Record<string, number>>({});
  const handled = useRef<S | null>(null);

  // Saved: the fields show the values as stored (e.g. "11451" -> "114 51"). Refused: the focus goes
  // to the first field the server refused. What was typed is never cleared on an error.
  useEffect(() => {
    const form = formRef.current;
    if (!form || !state.at || handled.current === state) return;
    handled.current = state;
    if (state.result && state.values) {
      recheck.current = false;
      for (const name of fields) {
        const control = controlOf(form, name);
        const value = state.values[name];
        if (control && value !== undefined) control.value = value;
      }
    }
    const first = fields.find((name) => state.fieldErrors?.[name]);
    if (first) controlOf(form, first)?.focus();
  }, [state, fields]);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (checking.current) return;
    checking.current = true;
    recheck.current = true;
    const form = e.currentTarget;
    const data = new FormData(form);
    const answeredAt = state.at;
    void check(schema, data, fields).then((found) => {
      checking.current = false;
      const first = found && fields.find((name) => found[name]);
      if (found && first) {
        setErrors(found);
        setHiddenAt(answeredAt);
        controlOf(form, first)?.focus();
        return;
      }
      // Valid in the browser (or the schema could not be loaded): send what was typed; the server
      // parses it again with the same schema.
      setErrors({});
      startTransition(() => formAction(data));
    });
  };

  // Checked again as the person corrects a field: that field's error comes and goes.
  const onChange = (e: FormEvent<HTMLFormElement>) => {
    const target = e.target;
    if (!recheck.current || !isControl(target) || !fields.includes(target.name)) return;
    const name = target.name;
    const n = (checks.current[name] = (checks.current[name] ?? 0) + 1);
    void check(schema, new FormData(e.currentTarget), fields).then((found) => {
      if (!found || checks.current[name] !== n) return;
      setErrors((prev) => {
        const next = { ...prev };
        if (found[name]) next[name] = found[name];
        else delete next[name];
        return next;
      });
    });
  };

  const fieldError = (name: string): string | undefined => errors[name];
  const invalid = fields.some((name) => errors[name]);
  const shown = state.at && state.at !== hiddenAt && !invalid ? state : null;

  return {
    state,
    pending,
    fieldError,
    invalid,
    shown,
    /** Props for the <form>: it posts to the action, and with the script it is checked first. */
    form: { ref: formRef, action: formAction, onSubmit, onChange, noValidate: true },
  };
}

/**
 * The schema's verdict on what the form holds: the first error code per field (empty when valid),
 * or null when the check could not run (the schema did not load); the server then decides.
 */
async function check<V>(
  load: SchemaLoader<V>,
  data: FormData,
  fields: readonly string[],
): Promise<Errors | null> {
  try {
    const values: Record<string, string> = {};
    for (const name of fields) {
      const value = data.get(name);
      values[name] = typeof value === "string" ? value : "";
    }
    const result = await (await load())["~standard"].validate(values);
    const found: Errors = {};
    for (const issue of result.issues ?? []) {
      const segment = issue.path?.[0];
      const name = String(typeof segment === "object" && segment !== null ? segment.key : (segment ?? ""));
      if (fields.includes(name)) found[name] ??= issue.message;
    }
    return found;
  } catch {
    return null;
  }
}

function onlyFields(fieldErrors: Errors | undefined, fields: readonly string[]): Errors {
  const out: Errors = {};
  for (const name of fields) if (fieldErrors?.[name]) out[name] = fieldErrors[name];
  return out;
}

function isControl(target: unknown): target is Control {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
  );
}

function controlOf(form: HTMLFormElement, name: string): Control | null {
  const item = form.elements.namedItem(name);
  return isControl(item) ? item : null;
}

type ControlProps =
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
  name,
  defaultValue,
  ...control
}: {
  id: string;
  label: string;
  hint?: string;
  /** The error's text, when there is one. */
  error?: string;
  /** The field's name in the form data and in the schema. */
  name: string;
  defaultValue: string;
} & ControlProps) {
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  const common = {
    id,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": described || undefined,
    defaultValue,
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
