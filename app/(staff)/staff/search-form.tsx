"use client";

import Link from "next/link";
import { useActionState } from "react";
import { searchPeopleAction, type StaffSearchState } from "@/app/actions/staff-search";
import { PostingForm } from "@/components/forms/posting-form";
import { FieldsOf, TextField } from "@/components/forms/form-kit";
import { TableSection } from "@/components/data-table";

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
        <FieldsOf
          state={{ values: { q: state.q ?? "" }, fieldErrors: state.error ? { q: state.error } : {} }}
        >
          <TextField
            key={state.at}
            id="staff-search"
            name="q"
            type="search"
            label={texts.label}
            hint={texts.hint}
          />
        </FieldsOf>
        <div>
          <button type="submit" disabled={pending}>
            {texts.button}
          </button>
        </div>
      </PostingForm>

      {state.hits && (
        <TableSection
          id="results-heading"
          heading={state.heading}
          columns={[
            texts.columns.name,
            texts.columns.email,
            texts.columns.kind,
            texts.columns.company,
            texts.columns.matched,
          ]}
          rows={state.hits}
          empty={texts.noResults}
          row={(h) => (
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
          )}
        />
      )}
    </>
  );
}
