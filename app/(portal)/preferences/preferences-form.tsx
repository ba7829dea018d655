"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { savePreferencesAction, type PreferencesFormState } from "@/app/actions/preferences";

export type ChannelView = {
  channel: "email" | "sms" | "phone" | "post";
  items: { topic: string; name: string; status: string; legalBasis: string; on: boolean }[];
};

export function PreferencesForm({ channels, stateKey }: { channels: ChannelView[]; stateKey: string }) {
  const t = useTranslations("preferences");
  const [state, action, pending] = useActionState<PreferencesFormState, FormData>(savePreferencesAction, {});
  return (
    <form action={action} noValidate>
      {/* Remounted when the stored state changes, so every box shows what is in force now. */}
      <div key={stateKey} className="grid">
        {channels.map((c) => (
          <fieldset key={c.channel} className="card">
            <legend>{t(`channels.${c.channel}`)}</legend>
            <p className="hint">{t(`hints.${c.channel}`)}</p>
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
                      {t(`status.${i.status}` as never)}
                      {i.on && i.legalBasis === "existing_customer"
                        ? ` · ${t("basisShort.existing_customer")}`
                        : ""}
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
          {t(`results.${state.result}`)}
        </p>
      )}
      {state.error && (
        <p className="notice error" role="alert">
          {t(`errors.${state.error}`)}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </button>
      </div>
    </form>
  );
}

function badgeClass(status: string): string {
  if (status === "given" || status === "allowed") return "ok";
  if (status === "pending") return "due_soon";
  return "";
}
