import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, localeOf } from "./config";
import { loadMessages } from "./messages";

export default getRequestConfig(async () => {
  const jar = await cookies();
  const chosen = jar.get(LOCALE_COOKIE)?.value;
  const locale = localeOf(chosen);
  return { locale, messages: loadMessages(locale), timeZone: "Europe/Stockholm" };
});
