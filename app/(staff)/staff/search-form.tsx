"use client";

import Link from "next/link";
import { useActionState } from "react";
import { searchPeopleAction, type StaffSearchState } from "@/app/actions/staff-search";
import { PostingForm } from "@/components/forms/posting-form";

/** Translated on the page. */
export type SearchTexts = {
  heading: string;
  label: string;
  hint: string;
  button: string;
  noResults: string;
  restricted: string;
  columns: { name: string; email: string; kind: string; company: string; matched: string };
};

/** Posted, never a GET form: a personnummer typed here must not end up in the URL. */
export function StaffSearchForm({ texts }: { texts: SearchTexts }) {
  const [state, action, pending] = useActionState<StaffSearchState, FormData>(searchPeopleAction, {});
  return (
    <>
      <h2 id="search-heading">{texts.heading}</h2>
      <PostingForm action={action} role="search" aria-labelledby="search-heading" className="stack">
        <div className="field">
          <label htmlFor="staff-search">{texts.label}</label>
          <input
            id="staff-search"
            name="q"
            type="search"
            key={state.at}
            defaultValue={state.q}
            autoComplete="off"
            aria-describedby={state.error ? "staff-search-hint staff-search-error" : "staff-search-hint"}
            aria-invalid={state.error ? true : undefined}
          />
          <span id="staff-search-hint" className="hint">
            {texts.hint}
          </span>
          {state.error && (
            <span id="staff-search-error" className="error" role="alert">
              {state.error}
            </span>
          )}
        </div>
        <div>
          <button type="submit" disabled={pending}>
            {texts.button}
          </button>
        </div>
      </PostingForm>

      {state.hits && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{state.heading}</h2>
          {state.hits.length === 0 ? (
            <p>{texts.noResults}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">{state.heading}</caption>
                <thead>
                  <tr>
                    <th scope="col">{texts.columns.name}</th>
                    <th scope="col">{texts.columns.email}</th>
                    <th scope="col">{texts.columns.kind}</th>
                    <th scope="col">{texts.columns.company}</th>
                    <th scope="col">{texts.columns.matched}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.hits.map((h) => (
                    <tr key={h.id}>
                      <td>
                        <Link href={`/staff/people/${h.id}`}>{h.name}</Link>
                        {h.restricted && <span className="badge"> {texts.restricted}</span>}
                      </td>
                      <td>{h.email}</td>
                      <td>{h.kind}</td>
                      <td>{h.company ?? "—"}</td>
                      <td>{h.matchedBy}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
