"use client";

import { useActionState } from "react";
import {
  objectToMarketingAction,
  withdrawAllAction,
  type PreferencesFormState,
} from "@/app/actions/preferences";
import { PostingForm } from "@/components/forms/posting-form";

/** Translated on the page: the button and a text per result and error code. */
export type StopFormTexts = {
  button: string;
  results: Record<string, string>;
  errors: Record<string, string>;
};

/** Withdrawing is one click, as easy as giving. */
export function WithdrawAllForm({ texts }: { texts: StopFormTexts }) {
  const [state, action, pending] = useActionState<PreferencesFormState>(withdrawAllAction, {});
  return (
    <PostingForm action={action}>
      <button type="submit" className="secondary" disabled={pending}>
        {texts.button}
      </button>
      <Outcome state={state} texts={texts} />
    </PostingForm>
  );
}

export function ObjectionForm({ texts }: { texts: StopFormTexts }) {
  const [state, action, pending] = useActionState<PreferencesFormState>(objectToMarketingAction, {});
  return (
    <PostingForm action={action}>
      <button type="submit" className="danger" disabled={pending}>
        {texts.button}
      </button>
      <Outcome state={state} texts={texts} />
    </PostingForm>
  );
}

function Outcome({ state, texts }: { state: PreferencesFormState; texts: StopFormTexts }) {
  if (state.error) {
    return (
      <p className="notice error" role="alert">
        {texts.errors[state.error] ?? texts.errors.failed}
      </p>
    );
  }
  if (!state.result) return null;
  return (
    <p className="notice ok" role="status">
      {texts.results[state.result]}
    </p>
  );
}
