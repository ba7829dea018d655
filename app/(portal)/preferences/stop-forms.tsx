"use client";

import { objectToMarketingAction, withdrawAllAction } from "@/app/actions/preferences";
import { ActionForm } from "@/components/forms/form-kit";

/** Withdrawing is one click, as easy as giving. */
export function WithdrawAllForm({ button }: { button: string }) {
  return <ActionForm action={withdrawAllAction} submitLabel={button} variant="secondary" />;
}

export function ObjectionForm({ button }: { button: string }) {
  return <ActionForm action={objectToMarketingAction} submitLabel={button} variant="danger" />;
}
