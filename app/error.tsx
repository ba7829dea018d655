"use client";

import { useErrorTexts } from "@/components/error-texts";

// Never shows the error itself: no stack traces or data on an error page.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const texts = useErrorTexts();
  return (
    <>
      <h1>{texts.title}</h1>
      <p role="alert">{texts.body}</p>
      <button type="button" onClick={() => reset()}>
        ↻
      </button>
    </>
  );
}
