// Every place personal data lives, in the order a copy lists them.
import { manualConnector } from "./manual";
import { newsletterConnector } from "./newsletter";
import { portalConnector } from "./portal-db";
import type { Connector } from "./types";

export function defaultConnectors(): Connector[] {
  return [portalConnector, newsletterConnector(), manualConnector];
}
