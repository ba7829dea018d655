// How the portal shows a person their own address where it only needs to be recognised (the step-up
// page tells a signed-in person where the new link went): the first character of the local part and
// the whole domain, e.g. a•••@example.com.
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "•••";
  const first = Array.from(address.slice(0, at))[0]!;
  return `${first}•••${address.slice(at)}`;
}
