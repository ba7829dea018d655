"use server";

import { revalidatePath } from "next/cache";
import { getActor } from "@/lib/auth/actor";
import { runForm, type FormState } from "@/lib/http/action";
import { completeTask } from "@/lib/staff/tasks";
import { taskDoneInput } from "@/lib/staff/validation";

export async function completeTaskAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, taskDoneInput, async (input) => {
    await completeTask(await getActor(), input);
    revalidatePath("/staff/tasks");
    revalidatePath("/staff/requests", "layout");
    return "taskDone";
  });
}
