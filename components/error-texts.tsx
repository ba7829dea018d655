"use client";

// The error page is a client component Next.js renders in place of a page that failed; it gets no
// props of our own, so the root layout hands it its texts (translated there) through this context.
import { createContext, useContext, type ReactNode } from "react";

export type ErrorTexts = { title: string; body: string };

const ErrorTextsContext = createContext<ErrorTexts>({
  title: "Något gick fel / Something went wrong",
  body: "Inget har ändrats. Försök igen om en stund. / Nothing was changed. Please try again in a moment.",
});

export function ErrorTextsProvider({ texts, children }: { texts: ErrorTexts; children: ReactNode }) {
  return <ErrorTextsContext.Provider value={texts}>{children}</ErrorTextsContext.Provider>;
}

export function useErrorTexts(): ErrorTexts {
  return useContext(ErrorTextsContext);
}
