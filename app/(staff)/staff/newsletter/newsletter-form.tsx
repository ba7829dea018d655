"use client";

// Compose, preview, send. The preview answers with the emails as they will read, how many people the
// topic reaches now, and a send key; the send form carries the previewed text and that key, so a
// double-click (or a resubmitted form) sends once. Texts come translated from the page and the actions.
import { useActionState } from "react";
import { PostingForm } from "@/components/forms/posting-form";
import { FieldsOf, SelectField, TextField } from "@/components/forms/form-kit";
import {
  previewNewsletterAction,
  sendNewsletterAction,
  type NewsletterFormState,
} from "@/app/actions/staff-newsletter";

export type NewsletterLabels = {
  topic: string;
  topicHint: string;
  swedish: string;
  english: string;
  languageHint: string;
  subject: string;
  body: string;
  bodyHint: string;
  previewButton: string;
  previewTitle: string;
  previewSv: string;
  previewEn: string;
  previewLink: string;
};

const FIELDS = ["topic", "subjectSv", "bodySv", "subjectEn", "bodyEn"] as const;

export function NewsletterForm({
  topics,
  labels,
}: {
  topics: { value: string; label: string }[];
  labels: NewsletterLabels;
}) {
  const [draft, preview, previewing] = useActionState<NewsletterFormState, FormData>(
    previewNewsletterAction,
    {},
  );
  const [sent, send, sending] = useActionState<NewsletterFormState, FormData>(sendNewsletterAction, {});
  // The send answered for this preview: show its answer instead of the send button.
  const sentThis = sent.at !== undefined && draft.at !== undefined && sent.at > draft.at;
  const values = draft.values ?? {};
  return (
    <>
      <PostingForm action={preview} className="stack" noValidate key={draft.at ?? 0}>
        <FieldsOf state={draft}>
          <SelectField name="topic" label={labels.topic} hint={labels.topicHint} options={topics} />
          {(["Sv", "En"] as const).map((lang) => (
            <fieldset className="stack" key={lang}>
              <legend>{lang === "Sv" ? labels.swedish : labels.english}</legend>
              <TextField
                name={`subject${lang}`}
                label={labels.subject}
                maxLength={150}
                lang={lang.toLowerCase()}
              />
              <TextField
                name={`body${lang}`}
                label={labels.body}
                hint={labels.bodyHint}
                multiline
                rows={8}
                lang={lang.toLowerCase()}
              />
            </fieldset>
          ))}
        </FieldsOf>
        <p className="hint">{labels.languageHint}</p>
        {draft.error && (
          <p className="notice error" role="alert">
            {draft.error}
          </p>
        )}
        <div>
          <button type="submit" disabled={previewing}>
            {labels.previewButton}
          </button>
        </div>
      </PostingForm>

      {draft.preview && (
        <section aria-labelledby="newsletter-preview" className="stack">
          <h2 id="newsletter-preview">{labels.previewTitle}</h2>
          <p data-testid="newsletter-reach">{draft.preview.reachText}</p>
          <p className="hint">{labels.previewLink}</p>
          {(["sv", "en"] as const).map((lang) => (
            <article
              className="card"
              key={lang}
              lang={lang}
              aria-label={lang === "sv" ? labels.previewSv : labels.previewEn}
            >
              <h3>{draft.preview![lang].subject}</h3>
              <pre className="muted">{draft.preview![lang].text}</pre>
            </article>
          ))}
          {sentThis ? null : (
            <PostingForm action={send} noValidate>
              {FIELDS.map((k) => (
                <input key={k} type="hidden" name={k} value={values[k] ?? ""} />
              ))}
              <input type="hidden" name="sendKey" value={draft.preview.sendKey} />
              <button type="submit" disabled={sending}>
                {draft.preview.sendLabel}
              </button>
            </PostingForm>
          )}
        </section>
      )}
      {sentThis && sent.ok && (
        <p className="notice ok" role="status">
          {sent.ok}
        </p>
      )}
      {sentThis && sent.error && (
        <p className="notice error" role="alert">
          {sent.error}
        </p>
      )}
    </>
  );
}
