"use client";

import { cancelDeletionAction, requestDeletionAction } from "@/app/actions/deletion";
import { ActionForm, CheckboxField } from "@/components/forms/form-kit";

/** Translated on the page. */
export type DeletionTexts = {
  confirmLabel: string;
  button: string;
  cancelHint: string;
  cancel: string;
};

/** Asking needs the box ticked: an explicit confirmation of what was shown above. */
export function RequestDeletionForm({ texts }: { texts: DeletionTexts }) {
  return (
    <ActionForm
      action={requestDeletionAction}
      submitLabel={texts.button}
      variant="danger"
      idPrefix="deletion"
    >
      <CheckboxField name="confirm" label={texts.confirmLabel} />
    </ActionForm>
  );
}

export function CancelDeletionForm({ requestId, texts }: { requestId: string; texts: DeletionTexts }) {
  return (
    <ActionForm
      action={cancelDeletionAction}
      submitLabel={texts.cancel}
      variant="secondary"
      hidden={{ requestId }}
    >
      <p>{texts.cancelHint}</p>
    </ActionForm>
  );
}
