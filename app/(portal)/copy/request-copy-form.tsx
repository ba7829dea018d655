"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { requestCopyAction, type CopyFormState } from "@/app/actions/copy";

export function RequestCopyForm({ intent, label }: { intent: "free" | "further"; label: string }) {
  const t = useTranslations("copy");
  const [state, action, pending] = useActionState<CopyFormState, FormData>(requestCopyAction, {});
  return (
    <form action={action} className="stack">
      <input type="hidden" name="intent" value={intent} />
      <div>
        <button type="submit" disabled={pending}>
          {label}
        </button>
      </div>
      {state.error && (
        <p className="notice error" role="alert">
          {t(`errors.${state.error}`)}
        </p>
      )}
      {state.result && (
        <p className="notice ok" role="status">
          {state.result === "further_copy" ? t("requestedFurther") : t("requestedFree")}
        </p>
      )}
    </form>
  );
}
