"use client";

import { useActionState } from "react";
import {
  cancelDeletionAction,
  requestDeletionAction,
  type CancelDeletionState,
  type RequestDeletionState,
} from "@/app/actions/deletion";
import { fill } from "@/lib/i18n/fill";
import { PostingForm } from "@/components/forms/posting-form";

/**
 * Translated on the page. `started` keeps an `{endsAt}` mark for the instant the action answers with,
 * which is shown in the page's locale and time zone.
 */
export type DeletionTexts = {
  locale: string;
  timeZone: string;
  confirmLabel: string;
  button: string;
  started: string;
  existing: string;
  cancelHint: string;
  cancel: string;
  cancelled: string;
  errors: Record<string, string>;
};

/** Asking needs the box ticked: an explicit confirmation of what was shown above. */
export function RequestDeletionForm({ texts }: { texts: DeletionTexts }) {
  const [state, action, pending] = useActionState<RequestDeletionState, FormData>(requestDeletionAction, {});
  const confirmError = state.fieldErrors?.confirm;
  const endsAt = (iso: string) =>
    new Intl.DateTimeFormat(texts.locale, {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: texts.timeZone,
    }).format(new Date(iso));
  return (
    <PostingForm action={action} className="stack" noValidate>
      <div className="field">
        <div>
          <input
            type="checkbox"
            id="deletion-confirm"
            name="confirm"
            aria-invalid={confirmError ? true : undefined}
            aria-describedby={confirmError ? "deletion-confirm-error" : undefined}
          />{" "}
          <label htmlFor="deletion-confirm">{texts.confirmLabel}</label>
        </div>
        {confirmError && (
          <p id="deletion-confirm-error" className="error">
            {errorText(texts, confirmError)}
          </p>
        )}
      </div>
      <div>
        <button type="submit" className="danger" disabled={pending}>
          {texts.button}
        </button>
      </div>
      {state.error && (
        <p className="notice error" role="alert">
          {errorText(texts, state.error)}
        </p>
      )}
      {state.result && (
        <p className="notice ok" role="status">
          {state.result === "started" && state.endsAt
            ? fill(texts.started, { endsAt: endsAt(state.endsAt) })
            : texts.existing}
        </p>
      )}
    </PostingForm>
  );
}

export function CancelDeletionForm({ requestId, texts }: { requestId: string; texts: DeletionTexts }) {
  const [state, action, pending] = useActionState<CancelDeletionState, FormData>(cancelDeletionAction, {});
  return (
    <PostingForm action={action}>
      <input type="hidden" name="requestId" value={requestId} />
      <p>{texts.cancelHint}</p>
      <button type="submit" className="secondary" disabled={pending}>
        {texts.cancel}
      </button>
      {state.error && (
        <p className="notice error" role="alert">
          {errorText(texts, state.error)}
        </p>
      )}
      {state.result && (
        <p className="notice ok" role="status">
          {texts.cancelled}
        </p>
      )}
    </PostingForm>
  );
}

function errorText(texts: DeletionTexts, code: string): string {
  return texts.errors[code] ?? texts.errors.failed ?? code;
}
