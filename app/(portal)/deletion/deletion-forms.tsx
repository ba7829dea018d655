"use client";

import { useActionState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import {
  cancelDeletionAction,
  requestDeletionAction,
  type CancelDeletionState,
  type RequestDeletionState,
} from "@/app/actions/deletion";

/** Asking needs the box ticked: an explicit confirmation of what was shown above. */
export function RequestDeletionForm() {
  const t = useTranslations("deletion");
  const format = useFormatter();
  const [state, action, pending] = useActionState<RequestDeletionState, FormData>(requestDeletionAction, {});
  const confirmError = state.fieldErrors?.confirm;
  return (
    <form action={action} className="stack" noValidate>
      <div className="field">
        <div>
          <input
            type="checkbox"
            id="deletion-confirm"
            name="confirm"
            aria-invalid={confirmError ? true : undefined}
            aria-describedby={confirmError ? "deletion-confirm-error" : undefined}
          />{" "}
          <label htmlFor="deletion-confirm">{t("ask.confirmLabel")}</label>
        </div>
        {confirmError && (
          <p id="deletion-confirm-error" className="error">
            {t(`errors.${confirmError}`)}
          </p>
        )}
      </div>
      <div>
        <button type="submit" className="danger" disabled={pending}>
          {t("ask.button")}
        </button>
      </div>
      {state.error && (
        <p className="notice error" role="alert">
          {t(`errors.${state.error}`)}
        </p>
      )}
      {state.result && (
        <p className="notice ok" role="status">
          {state.result === "started" && state.endsAt
            ? t("results.started", {
                endsAt: format.dateTime(new Date(state.endsAt), { dateStyle: "long", timeStyle: "short" }),
              })
            : t("results.existing")}
        </p>
      )}
    </form>
  );
}

export function CancelDeletionForm({ requestId }: { requestId: string }) {
  const t = useTranslations("deletion");
  const [state, action, pending] = useActionState<CancelDeletionState, FormData>(cancelDeletionAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="requestId" value={requestId} />
      <p>{t("open.cancelHint")}</p>
      <button type="submit" className="secondary" disabled={pending}>
        {t("open.cancel")}
      </button>
      {state.error && (
        <p className="notice error" role="alert">
          {t(`errors.${state.error}`)}
        </p>
      )}
      {state.result && (
        <p className="notice ok" role="status">
          {t("results.cancelled")}
        </p>
      )}
    </form>
  );
}
