import { savePreferencesAction } from "@/app/actions/preferences";
import { ActionForm } from "@/components/forms/form-kit";

export type ChannelView = {
  channel: "email" | "sms" | "phone" | "post";
  items: { topic: string; name: string; status: string; legalBasis: string; on: boolean }[];
};

/** Translated on the page: labels by channel and status (the action's answer comes translated). */
export type PreferencesTexts = {
  channels: Record<string, string>;
  hints: Record<string, string>;
  status: Record<string, string>;
  existingCustomer: string;
  save: string;
  saving: string;
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
  return (
    // No "stack" class: the grid of channels uses the page's width, not a narrow form column.
    <ActionForm
      action={savePreferencesAction}
      submitLabel={texts.save}
      pendingLabel={texts.saving}
      className=""
    >
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
    </ActionForm>
  );
}

function badgeClass(status: string): string {
  if (status === "given" || status === "allowed") return "ok";
  if (status === "pending") return "due_soon";
  return "";
}
