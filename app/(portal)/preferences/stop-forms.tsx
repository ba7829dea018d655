"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import {
  objectToMarketingAction,
  withdrawAllAction,
  type PreferencesFormState,
} from "@/app/actions/preferences";

/** Withdrawing is one click, as easy as giving. */
export function WithdrawAllForm() {
  const t = useTranslations("preferences");
  const [state, action, pending] = useActionState<PreferencesFormState>(withdrawAllAction, {});
  return (
    <form action={action}>
      <button type="submit" className="secondary" disabled={pending}>
        {t("withdrawAll.button")}
      </button>
      <Outcome state={state} />
    </form>
  );
}

export function ObjectionForm() {
  const t = useTranslations("preferences");
  const [state, action, pending] = useActionState<PreferencesFormState>(objectToMarketingAction, {});
  return (
    <form action={action}>
      <button type="submit" className="danger" disabled={pending}>
        {t("objection.button")}
      </button>
      <Outcome state={state} />
    </form>
  );
}

function Outcome({ state }: { state: PreferencesFormState }) {
  const t = useTranslations("preferences");
  if (state.error) {
    return (
      <p className="notice error" role="alert">
        {t(`errors.${state.error}`)}
      </p>
    );
  }
  if (!state.result) return null;
  return (
    <p className="notice ok" role="status">
      {t(`results.${state.result}`)}
    </p>
  );
}
