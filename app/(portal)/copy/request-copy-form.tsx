"use client";

import { useActionState } from "react";
import { requestCopyAction, type CopyFormState } from "@/app/actions/copy";
import { PostingForm } from "@/components/forms/posting-form";

/** Translated on the page: the result messages and a text per error code. */
export type RequestCopyTexts = {
  requestedFree: string;
  requestedFurther: string;
  errors: Record<string, string>;
};

export function RequestCopyForm({
  intent,
  label,
  texts,
}: {
  intent: "free" | "further";
  label: string;
  texts: RequestCopyTexts;
}) {
  const [state, action, pending] = useActionState<CopyFormState, FormData>(requestCopyAction, {});
  return (
    <PostingForm action={action} className="stack">
      <input type="hidden" name="intent" value={intent} />
      <div>
        <button type="submit" disabled={pending}>
          {label}
        </button>
      </div>
      {state.error && (
        <p className="notice error" role="alert">
          {texts.errors[state.error] ?? texts.errors.failed}
        </p>
      )}
      {state.result && (
        <p className="notice ok" role="status">
          {state.result === "further_copy" ? texts.requestedFurther : texts.requestedFree}
        </p>
      )}
    </PostingForm>
  );
}
