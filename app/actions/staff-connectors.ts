"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { runForm, type FormState } from "@/lib/http/action";
import { serverTranslator } from "@/lib/i18n/client-texts";
import {
  FORM_FIELDS,
  removeConnectorConfig,
  saveConnectorConfig,
  setConnectorEnabled,
  testConnection,
} from "@/lib/connectors/admin";
import { isConfigurable } from "@/lib/connectors/config";
import { meaningOf } from "@/lib/connectors/connection-check";

const PAGE = "/staff/settings/connectors";
const OPTIONS = { area: "connectors", messages: "connectors" } as const;

/** Every field is text; the use-case checks them (lib/connectors/admin.ts), field by field. */
const formFields = z.record(z.string(), z.string());
const keyOnly = z.object({ connector: z.string().min(1).max(60) });

/** A typed credential is never sent back to the browser, not even when something else was refused. */
function withoutSecret(state: FormState, connector: string | undefined): FormState {
  if (!state.values || !connector || !isConfigurable(connector)) return state;
  const values = { ...state.values };
  delete values[FORM_FIELDS[connector].secret];
  return { ...state, values };
}

export async function saveConnectorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runForm(
    formData,
    formFields,
    async (values) => {
      await saveConnectorConfig(await getActor(), { key: values.connector ?? "", values });
      revalidatePath(PAGE);
      return "saved";
    },
    OPTIONS,
  );
  return withoutSecret(state, formData.get("connector")?.toString());
}

export async function setConnectorEnabledAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(
    formData,
    keyOnly.extend({ enabled: z.enum(["true", "false"]) }),
    async (input) => {
      const enabled = input.enabled === "true";
      await setConnectorEnabled(await getActor(), { key: input.connector, enabled });
      revalidatePath(PAGE);
      return enabled ? "enabled" : "disabled";
    },
    OPTIONS,
  );
}

export async function removeConnectorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(
    formData,
    keyOnly,
    async (input) => {
      await removeConnectorConfig(await getActor(), { key: input.connector });
      revalidatePath(PAGE);
      return "removed";
    },
    OPTIONS,
  );
}

/** The test's answer in words: a success notice, or the failure as an error (what to look at). */
export async function testConnectionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let result: string | undefined;
  const state = await runForm(
    formData,
    keyOnly,
    async (input) => {
      result = await testConnection(await getActor(), { key: input.connector });
      revalidatePath(PAGE);
      return "tested";
    },
    OPTIONS,
  );
  if (result === undefined || result === "ok") return state;
  const t = await serverTranslator("connectors");
  return {
    problem: "failed",
    error: t("testFailed", { result: t(`results.${meaningOf(result)}`) }),
    at: state.at ?? Date.now(),
  };
}
