"use client";

import { addStaffAction } from "@/app/actions/staff-settings";
import { ActionForm, SelectField, TextField } from "@/components/forms/form-kit";

/** Translated on the page: labels and role names. */
export type AddStaffTexts = {
  email: string;
  name: string;
  role: string;
  roles: { staff: string; admin: string };
  add: string;
};

export function AddStaffForm({ texts }: { texts: AddStaffTexts }) {
  return (
    <ActionForm action={addStaffAction} submitLabel={texts.add} idPrefix="staff">
      <TextField name="email" label={texts.email} type="email" />
      <TextField name="name" label={texts.name} />
      <SelectField
        name="role"
        label={texts.role}
        defaultValue="staff"
        options={[
          { value: "staff", label: texts.roles.staff },
          { value: "admin", label: texts.roles.admin },
        ]}
      />
    </ActionForm>
  );
}
