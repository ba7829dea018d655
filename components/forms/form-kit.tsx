"use client";

// The one form kit of portal and staff: forms over server actions with useActionState. The action
// answers through lib/http/action.ts with messages already translated on the server, so these
// components need no client-side messages. Without JavaScript the form posts and the page renders the
// answer (PostingForm). Each field shows its own error next to it, with aria-invalid and
// aria-describedby; after an answer the focus goes to the first invalid field, or else to the message.
// A form may also be checked in the browser before it is sent (`check`): the section's schema, the same
// one the server parses with, is loaded on the first check and not with the page
// (docs/decisions/0012-client-javascript-budget.md). See docs/decisions/0028-errors-adapters-form-kit.md.
import {
  createContext,
  Fragment,
  startTransition,
  useActionState,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
  type RefObject,
} from "react";
import type { FormState } from "@/lib/http/action";
import { PostingForm } from "@/components/forms/posting-form";
import { checkForm, isControl, type SchemaLoader } from "@/components/forms/browser-check";

const StateContext = createContext<FormState>({});
/** Fields' ids as `<prefix>-<name>`, where a page or a test links to them. */
const IdPrefixContext = createContext<string | undefined>(undefined);

/** A check in the browser before the form is sent. */
export type BrowserCheck = {
  /**
   * Loads the schema, e.g. `() => import("@/lib/…/x.validation").then((m) => m.xInput)`. Never a static
   * import of the schema module, or zod is back in the page's first load.
   */
  schema: SchemaLoader;
  /** The checked fields, in the order they are shown (the first invalid one gets the focus). */
  fields: readonly string[];
  /** A text per error code the schema answers with, translated on the page; `invalid_input` sums up. */
  messages: Record<string, string>;
};

export function ActionForm<S extends FormState>({
  action,
  submitLabel,
  pendingLabel,
  children,
  variant,
  hidden,
  className = "stack",
  label,
  check,
  okDetail,
  closed,
  idPrefix,
}: {
  action: (prev: S, formData: FormData) => Promise<S>;
  submitLabel: string;
  /** The button's text while the action runs. */
  pendingLabel?: string;
  children?: ReactNode;
  variant?: "danger" | "secondary";
  hidden?: Record<string, string>;
  className?: string;
  /** An accessible name when several forms share a page. */
  label?: string;
  check?: BrowserCheck;
  /** More about a success, under its message. */
  okDetail?: (state: S) => ReactNode;
  /** When given, the form is not offered and this is shown instead; a success it just had is still said. */
  closed?: ReactNode;
  /** The fields' ids are `<idPrefix>-<name>` (generated ones otherwise). */
  idPrefix?: string;
}) {
  const [state, formAction, pending] = useActionState<S, FormData>(action, {} as Awaited<S>);
  const formRef = useRef<HTMLFormElement>(null);
  const browser = useBrowserCheck(check, state, formAction, formRef);
  useEffect(() => {
    if (state.redirectTo) window.location.assign(state.redirectTo);
    else if (state.at) focusAnswer(formRef.current);
  }, [state]);
  const shown: FormState = browser.hidden ? {} : state;
  const okNotice = shown.ok && <OkNotice ok={shown.ok} detail={okDetail?.(state)} />;
  if (closed !== undefined) return okNotice || closed;
  return (
    <PostingForm
      ref={formRef}
      action={formAction}
      className={className}
      noValidate
      aria-label={label}
      onSubmit={browser.onSubmit}
      onChange={browser.onChange}
    >
      {hidden && Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      {/* Remounted on every answer: the fields then start from the values the action echoed back
          (React's form reset would otherwise put a select back to its first default). */}
      <StateContext.Provider
        value={browser.fieldErrors ? { ...state, fieldErrors: browser.fieldErrors } : state}
      >
        <IdPrefixContext.Provider value={idPrefix}>
          <Fragment key={state.at ?? 0}>{children}</Fragment>
        </IdPrefixContext.Provider>
      </StateContext.Provider>
      {browser.refused && (
        <p className="notice error" role="alert">
          {browser.refused}
        </p>
      )}
      {shown.error && (
        <p className="notice error" role="alert" tabIndex={-1} data-form-message>
          {shown.error}
        </p>
      )}
      {okNotice}
      <div>
        <button type="submit" disabled={pending} className={variant}>
          {pending && pendingLabel ? pendingLabel : submitLabel}
        </button>
      </div>
    </PostingForm>
  );
}

function OkNotice({ ok, detail }: { ok: string; detail?: ReactNode }) {
  if (!detail) {
    return (
      <p className="notice ok" role="status" tabIndex={-1} data-form-message>
        {ok}
      </p>
    );
  }
  return (
    <div className="notice ok" role="status" tabIndex={-1} data-form-message>
      <p>{ok}</p>
      {detail}
    </div>
  );
}

type Errors = Record<string, string>;

/**
 * The browser's check of a form with `check`: on submit the schema decides first, and only a valid
 * form is sent; after a refused submit each field is checked again as it is corrected. Without `check`
 * (or before the script runs) the server's answer is all there is.
 */
function useBrowserCheck<S extends FormState>(
  check: BrowserCheck | undefined,
  state: S,
  formAction: (data: FormData) => void,
  formRef: RefObject<HTMLFormElement | null>,
) {
  // The field errors shown: the server's (already translated), replaced by the browser's after a check.
  const [errors, setErrors] = useState<Errors | undefined>(undefined);
  // The server's last answer is hidden once a later attempt was refused in the browser.
  const [hiddenAt, setHiddenAt] = useState<number | undefined>(undefined);
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setErrors(undefined);
  }
  const recheck = useRef(false);
  const checking = useRef(false);
  const checks = useRef<Record<string, number>>({});
  const [focusAt, setFocusAt] = useState(0);
  useEffect(() => {
    if (focusAt) focusAnswer(formRef.current);
  }, [focusAt, formRef]);
  // Saved: fields are checked as they change again only after the next refused submit.
  useEffect(() => {
    if (state.ok) recheck.current = false;
  }, [state]);

  if (!check)
    return {
      fieldErrors: undefined,
      refused: undefined,
      hidden: false,
      onSubmit: undefined,
      onChange: undefined,
    };
  const text = (code: string) => check.messages[code] ?? check.messages.failed ?? code;
  const translated = (found: Errors): Errors =>
    Object.fromEntries(Object.entries(found).map(([name, code]) => [name, text(code)]));

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (checking.current) return;
    checking.current = true;
    recheck.current = true;
    const data = new FormData(e.currentTarget);
    const answeredAt = state.at;
    void checkForm(check.schema, data, check.fields).then((found) => {
      checking.current = false;
      if (found && Object.keys(found).length > 0) {
        setErrors(translated(found));
        setHiddenAt(answeredAt);
        setFocusAt(Date.now());
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
    if (!recheck.current || !isControl(target) || !check.fields.includes(target.name)) return;
    const name = target.name;
    const n = (checks.current[name] = (checks.current[name] ?? 0) + 1);
    void checkForm(check.schema, new FormData(e.currentTarget), check.fields).then((found) => {
      if (!found || checks.current[name] !== n) return;
      setErrors((prev) => {
        const next = { ...(prev ?? state.fieldErrors) };
        if (found[name]) next[name] = text(found[name]);
        else delete next[name];
        return next;
      });
    });
  };

  const fieldErrors = errors ?? state.fieldErrors ?? {};
  const invalid = check.fields.some((name) => fieldErrors[name]);
  return {
    fieldErrors,
    /** The browser or the server refused what was typed: one line says so, the fields say why. */
    refused: invalid ? text("invalid_input") : undefined,
    /** The server's answer no longer applies: what is in the form now was refused. */
    hidden: invalid || (hiddenAt !== undefined && state.at === hiddenAt),
    onSubmit,
    onChange,
  };
}

/** After an answer: the first invalid field, or else the answer's message, gets the focus. */
function focusAnswer(form: HTMLFormElement | null): void {
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

/** `fixedId`: the control's id where a page links to it; a generated one otherwise. */
function useField(name: string, hint?: string, fixedId?: string) {
  const state = useContext(StateContext);
  const prefix = useContext(IdPrefixContext);
  const generated = useId();
  const id = fixedId ?? (prefix ? `${prefix}-${name}` : generated);
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
  id,
  required,
}: {
  name: string;
  label: string;
  hint?: string;
  type?: "text" | "date" | "email" | "tel" | "search";
  defaultValue?: string;
  multiline?: boolean;
  rows?: number;
  inputMode?: "numeric" | "decimal" | "text" | "tel";
  autoComplete?: string;
  max?: string;
  maxLength?: number;
  /** The language of what is typed, where it is not the page's. */
  lang?: string;
  id?: string;
  required?: boolean;
}) {
  const f = useField(name, hint, id);
  const common = {
    id: f.id,
    name,
    lang,
    required,
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
  id,
}: {
  name: string;
  label: string;
  hint?: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  id?: string;
}) {
  const f = useField(name, hint, id);
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
  return (
    <ChoiceGroup
      type="radio"
      name={name}
      legend={legend}
      hint={hint}
      options={options}
      chosen={(value, echoed) => (echoed ?? defaultValue) === value}
    />
  );
}

/** Several choices under one name (the action reads them with getAll; echoed back comma-separated). */
export function CheckboxGroupField({
  name,
  legend,
  hint,
  options,
}: {
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: ReactNode }[];
}) {
  return (
    <ChoiceGroup
      type="checkbox"
      name={name}
      legend={legend}
      hint={hint}
      options={options}
      chosen={(value, echoed) => (echoed ? echoed.split(",").includes(value) : false)}
    />
  );
}

/** A fieldset of radio buttons or checkboxes under one name, with its hint and error. */
function ChoiceGroup({
  type,
  name,
  legend,
  hint,
  options,
  chosen,
}: {
  type: "radio" | "checkbox";
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: ReactNode }[];
  /** Whether an option starts chosen, given the value the action echoed back (if any). */
  chosen: (value: string, echoed: string | undefined) => boolean;
}) {
  const f = useField(name, hint);
  return (
    <fieldset className="field" aria-describedby={f.describedBy} aria-invalid={f.error ? true : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <div key={o.value}>
          <label>
            <input type={type} name={name} value={o.value} defaultChecked={chosen(o.value, f.value)} />{" "}
            {o.label}
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
