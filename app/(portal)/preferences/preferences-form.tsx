"use client";

import { useActionState } from "react";
import { savePreferencesAction, type PreferencesFormState } from "@/app/actions/preferences";
import { PostingForm } from "@/components/forms/posting-form";

export type ChannelView = {
  channel: "email" | "sms" | "phone" | "post";
  items: { topic: string; name: string; status: string; legalBasis: string; on: boolean }[];
};

/** Translated on the page: labels by channel and status, and a text per result and error code. */
export type PreferencesTexts = {
  channels: Record<string, string>;
  hints: Record<string, string>;
  status: Record<string, string>;
  existingCustomer: string;
  save: string;
  saving: string;
  results: Record<string, string>;
  errors: Record<string, string>;
};

export function PreferencesForm({
  channels,
  stateKey,
  texts,
}: {
  channels: ChannelView[];
  stateKey: string;
  texts: PreferencesTexts;
}) {
  const [state, action, pending] = useActionState<PreferencesFormState, FormData>(savePreferencesAction, {});
  return (
    <PostingForm action={action} noValidate>
      {/* Remounted when the stored state changes, so every box shows what is in force now. */}
      <div key={stateKey} className="grid">
        {channels.map((c) => (
          <fieldset key={c.channel} className="card">
            <legend>{texts.channels[c.channel]}</legend>
            <p className="hint">{texts.hints[c.channel]}</p>
            <div>
              {c.items.map((i) => {
                const id = `want-${c.channel}-${i.topic}`;
                return (
                  <div key={i.topic}>
                    <input
                      type="checkbox"
                      id={id}
                      name={`want.${c.channel}.${i.topic}`}
                      defaultChecked={i.on || i.status === "pending"}
                      aria-describedby={`${id}-status`}
                    />{" "}
                    <label htmlFor={id}>{i.name}</label>{" "}
                    <span id={`${id}-status`} className={`badge ${badgeClass(i.status)}`}>
                      {texts.status[i.status] ?? i.status}
                      {i.on && i.legalBasis === "existing_customer" ? ` · ${texts.existingCustomer}` : ""}
                    </span>
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
      </div>
      {state.result && (
        <p className="notice ok" role="status">
          {texts.results[state.result]}
        </p>
      )}
      {state.error && (
        <p className="notice error" role="alert">
          {texts.errors[state.error] ?? texts.errors.failed}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending}>
          {pending ? texts.saving : texts.save}
        </button>
      </div>
    </PostingForm>
  );
}

function badgeClass(status: string): string {
  if (status === "given" || status === "allowed") return "ok";
  if (status === "pending") return "due_soon";
  return "";
}
