"use client";

// The one form kit of portal and staff: forms over server actions with useActionState. The action
// answers through lib/http/action.ts with messages already translated on the server, so these
// components need no client-side messages and no schema. Without JavaScript the form posts and the
// page renders the answer (PostingForm). Each field shows its own error next to it, with aria-invalid
// and aria-describedby; after an answer the focus goes to the first invalid field, or else to the
// message. See docs/decisions/0028-errors-adapters-form-kit.md.
import {
  createContext,
  Fragment,
  useActionState,
  useContext,
  useEffect,
  useId,
  useRef,
  type ReactNode,
} from "react";
import type { FormState } from "@/lib/http/action";
import { PostingForm } from "@/components/forms/posting-form";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

const StateContext = createContext<FormState>({});

export function ActionForm({
  action,
  submitLabel,
  children,
  variant,
  hidden,
  className = "stack",
  label,
}: {
  action: Action;
  submitLabel: string;
  children?: ReactNode;
  variant?: "danger" | "secondary";
  hidden?: Record<string, string>;
  className?: string;
  /** An accessible name when several forms share a page. */
  label?: string;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.redirectTo) window.location.assign(state.redirectTo);
    else if (state.at) focusAnswer(formRef.current);
  }, [state]);
  return (
    <PostingForm ref={formRef} action={formAction} className={className} noValidate aria-label={label}>
      {hidden && Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      {/* Remounted on every answer: the fields then start from the values the action echoed back
          (React's form reset would otherwise put a select back to its first default). */}
      <StateContext.Provider value={state}>
        <Fragment key={state.at ?? 0}>{children}</Fragment>
      </StateContext.Provider>
      {state.error && (
        <p className="notice error" role="alert" tabIndex={-1} data-form-message>
          {state.error}
        </p>
      )}
      {state.ok && (
        <p className="notice ok" role="status" tabIndex={-1} data-form-message>
          {state.ok}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending} className={variant}>
          {submitLabel}
        </button>
      </div>
    </PostingForm>
  );
}

/** After an answer: the first invalid field, or else the answer's message, gets the focus. */
export function focusAnswer(form: HTMLFormElement | null): void {
  const target =
    form?.querySelector<HTMLElement>(
      '[aria-invalid="true"]:is(input, select, textarea), fieldset[aria-invalid="true"] input',
    ) ?? form?.querySelector<HTMLElement>("[data-form-message]");
  target?.focus();
}

/**
 * For a form that holds its own state (one with steps of its own): the kit's fields inside read their
 * values and errors from `state`, as they do inside ActionForm.
 */
export function FieldsOf({ state, children }: { state: FormState; children: ReactNode }) {
  return <StateContext.Provider value={state}>{children}</StateContext.Provider>;
}

function useField(name: string, hint?: string) {
  const state = useContext(StateContext);
  const id = useId();
  const error = state.fieldErrors?.[name];
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return {
    id,
    error,
    value: state.values?.[name],
    hintId,
    errorId,
    describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined,
  };
}

function Extras({
  hint,
  hintId,
  error,
  errorId,
}: {
  hint?: string;
  hintId?: string;
  error?: string;
  errorId?: string;
}) {
  return (
    <>
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="error">
          {error}
        </span>
      )}
    </>
  );
}

export function TextField({
  name,
  label,
  hint,
  type = "text",
  defaultValue,
  multiline,
  rows = 3,
  inputMode,
  autoComplete = "off",
  max,
  maxLength,
  lang,
}: {
  name: string;
  label: string;
  hint?: string;
  type?: "text" | "date" | "email";
  defaultValue?: string;
  multiline?: boolean;
  rows?: number;
  inputMode?: "numeric" | "decimal" | "text";
  autoComplete?: string;
  max?: string;
  maxLength?: number;
  /** The language of what is typed, where it is not the page's. */
  lang?: string;
}) {
  const f = useField(name, hint);
  const common = {
    id: f.id,
    name,
    lang,
    defaultValue: f.value ?? defaultValue,
    "aria-invalid": f.error ? true : undefined,
    "aria-describedby": f.describedBy,
  };
  return (
    <div className="field">
      <label htmlFor={f.id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={rows} />
      ) : (
        <input
          {...common}
          type={type}
          inputMode={inputMode}
          autoComplete={autoComplete}
          max={max}
          maxLength={maxLength}
        />
      )}
      <Extras hint={hint} hintId={f.hintId} error={f.error} errorId={f.errorId} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  hint,
  options,
  defaultValue,
}: {
  name: string;
  label: string;
  hint?: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
}) {
  const f = useField(name, hint);
  return (
    <div className="field">
      <label htmlFor={f.id}>{label}</label>
      <select
        id={f.id}
        name={name}
        defaultValue={f.value ?? defaultValue}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={f.describedBy}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Extras hint={hint} hintId={f.hintId} error={f.error} errorId={f.errorId} />
    </div>
  );
}

export function RadioField({
  name,
  legend,
  hint,
  options,
  defaultValue,
}: {
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
}) {
  const f = useField(name, hint);
  const chosen = f.value ?? defaultValue;
  return (
    <fieldset className="field" aria-describedby={f.describedBy} aria-invalid={f.error ? true : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <div key={o.value}>
          <label>
            <input type="radio" name={name} value={o.value} defaultChecked={chosen === o.value} /> {o.label}
          </label>
        </div>
      ))}
      <Extras hint={hint} hintId={f.hintId} error={f.error} errorId={f.errorId} />
    </fieldset>
  );
}

export function CheckboxField({
  name,
  label,
  hint,
  defaultChecked,
}: {
  name: string;
  label: string;
  hint?: string;
  defaultChecked?: boolean;
}) {
  const f = useField(name, hint);
  const checked = f.value !== undefined ? f.value === "on" : defaultChecked;
  return (
    <div className="field">
      <label>
        <input
          type="checkbox"
          name={name}
          value="on"
          defaultChecked={checked}
          aria-invalid={f.error ? true : undefined}
          aria-describedby={f.describedBy}
        />{" "}
        {label}
      </label>
      <Extras hint={hint} hintId={f.hintId} error={f.error} errorId={f.errorId} />
    </div>
  );
}
