"use client";

import { useTranslations } from "next-intl";

// Never shows the error itself: no stack traces or data on an error page.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("common");
  return (
    <>
      <h1>{t("errorTitle")}</h1>
      <p role="alert">{t("errorBody")}</p>
      <button type="button" onClick={() => reset()}>
        ↻
      </button>
    </>
  );
}
